package dev.zero.debezium;

/**
 * How {@code date}, {@code time} and {@code timestamp} values are encoded, as Debezium's
 * {@code time.precision.mode}; {@code timestamptz} and {@code timetz} are ISO-8601 text in UTC
 * under every mode.
 */
public enum TimePrecisionMode {

	/**
	 * The column's own precision: {@code time(0..3)} and {@code timestamp(0..3)} in
	 * milliseconds, {@code time(4..6)} and {@code timestamp(4..6)} (and those without a declared
	 * precision) in microseconds; dates in days since the epoch.
	 */
	ADAPTIVE,

	/** As {@link #ADAPTIVE}, but every {@code time} in microseconds. */
	ADAPTIVE_TIME_MICROSECONDS,

	/** Kafka Connect's own types: times and timestamps in milliseconds, dates in days. */
	CONNECT

}
