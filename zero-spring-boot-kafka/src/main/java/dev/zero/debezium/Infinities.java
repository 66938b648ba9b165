package dev.zero.debezium;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

/**
 * What Debezium 3.6.1 writes for PostgreSQL's {@code infinity} and {@code -infinity} dates and
 * timestamps. It has no special value for them in its JSON, only dates of its own, and its two
 * readers (see {@link ValueSource}) disagree: pgjdbc, which reads snapshot rows and the
 * elements of arrays in every row, turns infinity into a {@code java.sql.Date} or
 * {@code Timestamp} at its {@code PGStatement.DATE_POSITIVE_INFINITY} milliseconds; Debezium's
 * own parser of streamed values uses the constants of its {@code PostgresValueConverter}.
 * Each value below is derived the way Debezium gets to it, and checked against it by
 * {@code DebeziumParity*Tests}; those that go through pgjdbc's {@code java.sql} types are what a
 * Debezium in a JVM whose default time zone is UTC writes, since those types read their
 * milliseconds in the default zone. Only ever asked about infinite values.
 */
final class Infinities {

	/**
	 * pgjdbc's {@code PGStatement.DATE_POSITIVE_INFINITY}: the milliseconds of the
	 * {@code java.sql.Date} and {@code Timestamp} it makes of {@code infinity}.
	 */
	private static final long PGJDBC_POSITIVE_INFINITY = 9223372036825200000L;

	/** pgjdbc's {@code PGStatement.DATE_NEGATIVE_INFINITY}, for {@code -infinity}. */
	private static final long PGJDBC_NEGATIVE_INFINITY = -9223372036832400000L;

	/**
	 * Debezium's {@code PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE}: what it parses a
	 * streamed {@code infinity} date into; its epoch day fits the int32 of the date schema.
	 */
	private static final LocalDate STREAMED_POSITIVE_INFINITY_DATE = LocalDate.parse("-5877611-06-21");

	/** Debezium's {@code PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE}, for {@code -infinity}. */
	private static final LocalDate STREAMED_NEGATIVE_INFINITY_DATE = LocalDate.parse("-5877611-06-22");

	/** Debezium's {@code POSITIVE_INFINITY_TIMESTAMP_PG_STRING}: a {@code timestamptz} it recognises as infinite. */
	private static final String POSITIVE_INFINITY_TEXT = "infinity";

	/** Debezium's {@code NEGATIVE_INFINITY_TIMESTAMP_PG_STRING}. */
	private static final String NEGATIVE_INFINITY_TEXT = "-infinity";

	private Infinities() {
	}

	/**
	 * A {@code date}'s days since the epoch: from a streamed scalar, Debezium's own infinite
	 * dates; from pgjdbc (a snapshot, or an array element), the epoch day of its
	 * {@code java.sql.Date}, which {@code io.debezium.time.Date.toEpochDay} narrows to an int.
	 */
	static long epochDay(boolean positive, ValueSource source, boolean arrayElement) {
		if (source == ValueSource.STREAM && !arrayElement) {
			return (positive ? STREAMED_POSITIVE_INFINITY_DATE : STREAMED_NEGATIVE_INFINITY_DATE).toEpochDay();
		}
		return (int) pgjdbcDateTime(positive).toLocalDate().toEpochDay();
	}

	/**
	 * A {@code timestamp} in microseconds since the epoch, from either reader: Debezium's
	 * {@code POSITIVE_INFINITY_LOCAL_DATE_TIME} is pgjdbc's milliseconds read as microseconds
	 * ({@code Conversions.toInstantFromMicros}); in milliseconds it is that divided by 1000.
	 */
	static long timestampMicros(boolean positive) {
		return positive ? PGJDBC_POSITIVE_INFINITY : PGJDBC_NEGATIVE_INFINITY;
	}

	/**
	 * A {@code timestamptz}: {@code infinity} or {@code -infinity}, except for
	 * {@code -infinity} in an array, where Debezium receives pgjdbc's {@code Timestamp}, does
	 * not recognise it (its year lost its era) and writes it as the date it seems to be, with
	 * the column's fractional digits.
	 */
	static String timestampWithZone(boolean positive, boolean arrayElement, DateTimeFormatter format) {
		if (positive) {
			return POSITIVE_INFINITY_TEXT;
		}
		return arrayElement ? format.format(pgjdbcDateTime(false).atOffset(ZoneOffset.UTC)) : NEGATIVE_INFINITY_TEXT;
	}

	/**
	 * The date and time {@code java.sql.Date.toLocalDate()} and
	 * {@code Timestamp.toLocalDateTime()} read from pgjdbc's infinity: by the legacy calendar
	 * (Julian before 1582) in UTC, with the year of its era, so that {@code -infinity}, in 292
	 * million BC, comes out as {@code +292269055-12-02T23:00}.
	 */
	private static LocalDateTime pgjdbcDateTime(boolean positive) {
		GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
		calendar.setTimeInMillis(positive ? PGJDBC_POSITIVE_INFINITY : PGJDBC_NEGATIVE_INFINITY);
		return LocalDateTime.of(calendar.get(Calendar.YEAR), calendar.get(Calendar.MONTH) + 1,
				calendar.get(Calendar.DAY_OF_MONTH), calendar.get(Calendar.HOUR_OF_DAY), calendar.get(Calendar.MINUTE),
				calendar.get(Calendar.SECOND));
	}

}
