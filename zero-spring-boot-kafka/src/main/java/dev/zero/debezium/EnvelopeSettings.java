package dev.zero.debezium;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the envelopes look like: Debezium's connector options that this publisher honours.
 *
 * @param topicPrefix the first part of every topic name, and the envelope's
 * {@code source.name} (Debezium's {@code topic.prefix})
 * @param database the upstream database's name, the envelope's {@code source.db}
 * @param decimalHandling how {@code numeric} and {@code money} are encoded
 * @param binaryHandling how {@code bytea} is encoded
 * @param timePrecision how dates, times and timestamps are encoded
 * @param tombstonesOnDelete whether a delete is followed by a record with a null value, so
 * that compaction can remove the key
 * @param skippedOperations the operations that are not published
 */
public record EnvelopeSettings(String topicPrefix, String database, DecimalHandlingMode decimalHandling,
		BinaryHandlingMode binaryHandling, TimePrecisionMode timePrecision, boolean tombstonesOnDelete,
		Set<Operation> skippedOperations) {

	public EnvelopeSettings {
		Objects.requireNonNull(topicPrefix, "topicPrefix must not be null");
		Objects.requireNonNull(database, "database must not be null");
		Objects.requireNonNull(decimalHandling, "decimalHandling must not be null");
		Objects.requireNonNull(binaryHandling, "binaryHandling must not be null");
		Objects.requireNonNull(timePrecision, "timePrecision must not be null");
		skippedOperations = skippedOperations.isEmpty() ? EnumSet.noneOf(Operation.class)
				: EnumSet.copyOf(skippedOperations);
		if (skippedOperations.contains(Operation.READ)) {
			throw new IllegalArgumentException("snapshot rows (r) cannot be skipped");
		}
	}

	/** Debezium's defaults, with the given topic prefix and database. */
	public static EnvelopeSettings defaults(String topicPrefix, String database) {
		return new EnvelopeSettings(topicPrefix, database, DecimalHandlingMode.PRECISE, BinaryHandlingMode.BYTES,
				TimePrecisionMode.ADAPTIVE, true, EnumSet.of(Operation.TRUNCATE));
	}

	public EnvelopeSettings withDecimalHandling(DecimalHandlingMode mode) {
		return new EnvelopeSettings(this.topicPrefix, this.database, mode, this.binaryHandling, this.timePrecision,
				this.tombstonesOnDelete, this.skippedOperations);
	}

	public EnvelopeSettings withBinaryHandling(BinaryHandlingMode mode) {
		return new EnvelopeSettings(this.topicPrefix, this.database, this.decimalHandling, mode, this.timePrecision,
				this.tombstonesOnDelete, this.skippedOperations);
	}

	public EnvelopeSettings withTimePrecision(TimePrecisionMode mode) {
		return new EnvelopeSettings(this.topicPrefix, this.database, this.decimalHandling, this.binaryHandling, mode,
				this.tombstonesOnDelete, this.skippedOperations);
	}

	public EnvelopeSettings withTombstonesOnDelete(boolean tombstones) {
		return new EnvelopeSettings(this.topicPrefix, this.database, this.decimalHandling, this.binaryHandling,
				this.timePrecision, tombstones, this.skippedOperations);
	}

	public EnvelopeSettings withSkippedOperations(Set<Operation> skipped) {
		return new EnvelopeSettings(this.topicPrefix, this.database, this.decimalHandling, this.binaryHandling,
				this.timePrecision, this.tombstonesOnDelete, skipped);
	}

}
