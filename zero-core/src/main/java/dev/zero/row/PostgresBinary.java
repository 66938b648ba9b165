package dev.zero.row;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Reads the binary form of PostgreSQL's built-in scalar types (what their {@code send}
 * functions write, as binary {@code COPY} sends it) into the same Java values
 * {@link PostgresText} makes of their text, and prints those values exactly as PostgreSQL's
 * output functions would (with {@code DateStyle=ISO}, {@code bytea_output=hex} and, for
 * {@code timestamptz}, a UTC session). Every value it reads is one a text getter would give for
 * the same row; it rejects bytes that are not a value of the type with an
 * {@link IllegalArgumentException}.
 */
final class PostgresBinary {

	/** PostgreSQL's epoch, 2000-01-01, in days and seconds from the Unix epoch. */
	private static final long EPOCH_DAYS = 10_957;

	private static final long EPOCH_SECONDS = EPOCH_DAYS * 86_400;

	private static final long MICROS_PER_DAY = 86_400_000_000L;

	private static final int NUMERIC_NEGATIVE = 0x4000;

	private static final int NUMERIC_NAN = 0xC000;

	private static final int NUMERIC_POSITIVE_INFINITY = 0xD000;

	private static final int NUMERIC_NEGATIVE_INFINITY = 0xF000;

	private static final long[] POWERS_OF_TEN = new long[19];

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	static {
		POWERS_OF_TEN[0] = 1;
		for (int i = 1; i < POWERS_OF_TEN.length; i++) {
			POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
		}
	}

	private PostgresBinary() {
	}

	static Boolean bool(byte[] data, int offset, int length) {
		expectLength(length, 1);
		return data[offset] != 0;
	}

	static Short int2(byte[] data, int offset, int length) {
		expectLength(length, 2);
		return (short) readShort(data, offset);
	}

	static Integer int4(byte[] data, int offset, int length) {
		expectLength(length, 4);
		return readInt(data, offset);
	}

	static Long int8(byte[] data, int offset, int length) {
		expectLength(length, 8);
		return readLong(data, offset);
	}

	/** An {@code oid}, {@code xid} or {@code cid}: four bytes, unsigned. */
	static Long uint4(byte[] data, int offset, int length) {
		expectLength(length, 4);
		return Integer.toUnsignedLong(readInt(data, offset));
	}

	/** Text in the client encoding, which the driver keeps at UTF-8. */
	static String text(byte[] data, int offset, int length) {
		return new String(data, offset, length, StandardCharsets.UTF_8);
	}

	/** {@code jsonb}: a version byte, then the text {@code jsonb_out} prints. */
	static String jsonb(byte[] data, int offset, int length) {
		if (length < 1 || data[offset] != 1) {
			throw new IllegalArgumentException("expected jsonb version 1");
		}
		return text(data, offset + 1, length - 1);
	}

	static byte[] bytea(byte[] data, int offset, int length) {
		return Arrays.copyOfRange(data, offset, offset + length);
	}

	/** {@code bytea} as {@code bytea_output=hex} prints it. */
	static String byteaText(byte[] data, int offset, int length) {
		char[] text = new char[2 + 2 * length];
		text[0] = '\\';
		text[1] = 'x';
		for (int i = 0; i < length; i++) {
			int b = data[offset + i] & 0xFF;
			text[2 + 2 * i] = HEX[b >>> 4];
			text[3 + 2 * i] = HEX[b & 0xF];
		}
		return new String(text);
	}

	static UUID uuid(byte[] data, int offset, int length) {
		expectLength(length, 16);
		return new UUID(readLong(data, offset), readLong(data, offset + 8));
	}

	/**
	 * A {@link BigDecimal} with the value's display scale, as {@code new BigDecimal} makes of
	 * its text, or a {@link Double} for {@code NaN} and {@code ±Infinity}.
	 */
	static Number numeric(byte[] data, int offset, int length) {
		int digits = numericDigits(data, offset, length);
		int weight = (short) readShort(data, offset + 2);
		int sign = readShort(data, offset + 4);
		int scale = readShort(data, offset + 6);
		switch (sign) {
			case NUMERIC_NAN:
				return Double.NaN;
			case NUMERIC_POSITIVE_INFINITY:
				return Double.POSITIVE_INFINITY;
			case NUMERIC_NEGATIVE_INFINITY:
				return Double.NEGATIVE_INFINITY;
			default:
				break;
		}
		// the digits, base 10,000, read as one whole number, then moved to the display scale
		int shift = scale - 4 * (digits - 1 - weight);
		if (digits <= 4 && shift >= -18 && 4 * digits + shift <= 18) {
			long unscaled = 0;
			for (int i = 0; i < digits; i++) {
				unscaled = unscaled * 10_000 + readShort(data, offset + 8 + 2 * i);
			}
			// PostgreSQL prints no digit past the display scale
			unscaled = (shift >= 0) ? unscaled * POWERS_OF_TEN[shift] : unscaled / POWERS_OF_TEN[-shift];
			return BigDecimal.valueOf((sign == NUMERIC_NEGATIVE) ? -unscaled : unscaled, scale);
		}
		return new BigDecimal(numericText(data, offset, length));
	}

	/** A {@code numeric} as {@code numeric_out} prints it. */
	static String numericText(byte[] data, int offset, int length) {
		int digits = numericDigits(data, offset, length);
		int weight = (short) readShort(data, offset + 2);
		int sign = readShort(data, offset + 4);
		int scale = readShort(data, offset + 6);
		switch (sign) {
			case NUMERIC_NAN:
				return "NaN";
			case NUMERIC_POSITIVE_INFINITY:
				return "Infinity";
			case NUMERIC_NEGATIVE_INFINITY:
				return "-Infinity";
			default:
				break;
		}
		// numeric.c's get_str_from_var: four decimal digits per base-10,000 digit
		StringBuilder text = new StringBuilder(4 * Math.max(weight + 1, 1) + scale + 2);
		if (sign == NUMERIC_NEGATIVE) {
			text.append('-');
		}
		int d;
		if (weight < 0) {
			d = weight + 1;
			text.append('0');
		}
		else {
			for (d = 0; d <= weight; d++) {
				int digit = (d < digits) ? readShort(data, offset + 8 + 2 * d) : 0;
				String group = Integer.toString(digit);
				if (d > 0) {
					text.append("0000", group.length(), 4);
				}
				text.append(group);
			}
		}
		if (scale > 0) {
			text.append('.');
			int end = text.length() + scale;
			for (int i = 0; i < scale; d++, i += 4) {
				int digit = (d >= 0 && d < digits) ? readShort(data, offset + 8 + 2 * d) : 0;
				String group = Integer.toString(digit);
				text.append("0000", group.length(), 4).append(group);
			}
			text.setLength(end);
		}
		return text.toString();
	}

	/** {@code infinity} and {@code -infinity} are {@link LocalDate#MAX} and {@link LocalDate#MIN}. */
	static LocalDate date(byte[] data, int offset, int length) {
		expectLength(length, 4);
		int days = readInt(data, offset);
		if (days == Integer.MAX_VALUE) {
			return LocalDate.MAX;
		}
		if (days == Integer.MIN_VALUE) {
			return LocalDate.MIN;
		}
		return LocalDate.ofEpochDay(EPOCH_DAYS + days);
	}

	/** {@code 24:00:00} is {@link LocalTime#MAX}, as in text. */
	static LocalTime time(byte[] data, int offset, int length) {
		expectLength(length, 8);
		return timeOfDay(readLong(data, offset));
	}

	static OffsetTime timeWithZone(byte[] data, int offset, int length) {
		expectLength(length, 12);
		// PostgreSQL counts the zone in seconds west of Greenwich
		int west = readInt(data, offset + 8);
		try {
			return OffsetTime.of(timeOfDay(readLong(data, offset)), ZoneOffset.ofTotalSeconds(-west));
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("time zone offset out of range: " + ex.getMessage(), ex);
		}
	}

	/**
	 * {@code infinity} and {@code -infinity} are {@link LocalDateTime#MAX} and
	 * {@link LocalDateTime#MIN}.
	 */
	static LocalDateTime timestamp(byte[] data, int offset, int length) {
		expectLength(length, 8);
		long micros = readLong(data, offset);
		if (micros == Long.MAX_VALUE) {
			return LocalDateTime.MAX;
		}
		if (micros == Long.MIN_VALUE) {
			return LocalDateTime.MIN;
		}
		return LocalDateTime.ofEpochSecond(EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000),
				(int) Math.floorMod(micros, 1_000_000) * 1000, ZoneOffset.UTC);
	}

	/**
	 * In a UTC session, where PostgreSQL prints every {@code timestamptz} with the offset
	 * {@code +00}; {@code infinity} and {@code -infinity} are {@link OffsetDateTime#MAX} and
	 * {@link OffsetDateTime#MIN}.
	 */
	static OffsetDateTime timestampWithZone(byte[] data, int offset, int length) {
		LocalDateTime utc = timestamp(data, offset, length);
		if (utc == LocalDateTime.MAX) {
			return OffsetDateTime.MAX;
		}
		if (utc == LocalDateTime.MIN) {
			return OffsetDateTime.MIN;
		}
		return OffsetDateTime.of(utc, ZoneOffset.UTC);
	}

	/** A date as {@code date_out} prints it with {@code DateStyle=ISO}. */
	static String dateText(LocalDate date) {
		if (date.equals(LocalDate.MAX)) {
			return "infinity";
		}
		if (date.equals(LocalDate.MIN)) {
			return "-infinity";
		}
		StringBuilder text = new StringBuilder(16);
		appendDate(text, date);
		return appendEra(text, date).toString();
	}

	static String timeText(LocalTime time) {
		return appendTime(new StringBuilder(15), time).toString();
	}

	static String timeWithZoneText(OffsetTime time) {
		StringBuilder text = appendTime(new StringBuilder(24), time.toLocalTime());
		return appendOffset(text, time.getOffset()).toString();
	}

	static String timestampText(LocalDateTime timestamp) {
		return dateTimeText(timestamp, null);
	}

	static String timestampWithZoneText(OffsetDateTime timestamp) {
		return dateTimeText(timestamp.toLocalDateTime(), timestamp.getOffset());
	}

	// date, time, the offset where there is one, and the era; MAX and MIN are the infinities
	private static String dateTimeText(LocalDateTime timestamp, @Nullable ZoneOffset offset) {
		if (timestamp.equals(LocalDateTime.MAX)) {
			return "infinity";
		}
		if (timestamp.equals(LocalDateTime.MIN)) {
			return "-infinity";
		}
		StringBuilder text = new StringBuilder(40);
		appendDate(text, timestamp.toLocalDate()).append(' ');
		appendTime(text, timestamp.toLocalTime());
		if (offset != null) {
			appendOffset(text, offset);
		}
		return appendEra(text, timestamp.toLocalDate()).toString();
	}

	// year-mm-dd with at least four digits of year, BC years counted down from 1
	private static StringBuilder appendDate(StringBuilder text, LocalDate date) {
		int year = date.getYear();
		appendPadded(text, (year > 0) ? year : 1 - year, 4).append('-');
		appendPadded(text, date.getMonthValue(), 2).append('-');
		return appendPadded(text, date.getDayOfMonth(), 2);
	}

	private static StringBuilder appendEra(StringBuilder text, LocalDate date) {
		return (date.getYear() > 0) ? text : text.append(" BC");
	}

	// hh:mm:ss with the microseconds, trailing zeros removed, as PostgreSQL prints them
	private static StringBuilder appendTime(StringBuilder text, LocalTime time) {
		if (time.equals(LocalTime.MAX)) {
			return text.append("24:00:00");
		}
		appendPadded(text, time.getHour(), 2).append(':');
		appendPadded(text, time.getMinute(), 2).append(':');
		appendPadded(text, time.getSecond(), 2);
		int micros = time.getNano() / 1000;
		if (micros != 0) {
			int digits = 6;
			while (micros % 10 == 0) {
				micros /= 10;
				digits--;
			}
			appendPadded(text.append('.'), micros, digits);
		}
		return text;
	}

	// +hh, +hh:mm or +hh:mm:ss
	private static StringBuilder appendOffset(StringBuilder text, ZoneOffset offset) {
		int total = offset.getTotalSeconds();
		int seconds = Math.abs(total);
		text.append((total >= 0) ? '+' : '-');
		appendPadded(text, seconds / 3600, 2);
		if (seconds % 3600 != 0) {
			appendPadded(text.append(':'), seconds / 60 % 60, 2);
			if (seconds % 60 != 0) {
				appendPadded(text.append(':'), seconds % 60, 2);
			}
		}
		return text;
	}

	private static StringBuilder appendPadded(StringBuilder text, int value, int width) {
		String digits = Integer.toString(value);
		for (int i = digits.length(); i < width; i++) {
			text.append('0');
		}
		return text.append(digits);
	}

	private static LocalTime timeOfDay(long micros) {
		if (micros == MICROS_PER_DAY) {
			return LocalTime.MAX;
		}
		if (micros < 0 || micros > MICROS_PER_DAY) {
			throw new IllegalArgumentException("time of day out of range: " + micros + " microseconds");
		}
		return LocalTime.ofNanoOfDay(micros * 1000);
	}

	private static int numericDigits(byte[] data, int offset, int length) {
		if (length < 8) {
			throw new IllegalArgumentException("a numeric needs at least 8 bytes, not " + length);
		}
		int digits = readShort(data, offset);
		if (length != 8 + 2 * digits) {
			throw new IllegalArgumentException("a numeric of " + digits + " digits has 8 + 2 * " + digits
					+ " bytes, not " + length);
		}
		return digits;
	}

	private static void expectLength(int length, int expected) {
		if (length != expected) {
			throw new IllegalArgumentException("expected " + expected + " bytes, not " + length);
		}
	}

	/** Two bytes, big-endian, unsigned. */
	static int readShort(byte[] data, int offset) {
		return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
	}

	static int readInt(byte[] data, int offset) {
		return ((data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16) | ((data[offset + 2] & 0xFF) << 8)
				| (data[offset + 3] & 0xFF);
	}

	private static long readLong(byte[] data, int offset) {
		return ((long) readInt(data, offset) << 32) | (readInt(data, offset + 4) & 0xFFFFFFFFL);
	}

}
