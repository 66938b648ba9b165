package dev.zero.row;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Parses the text output of PostgreSQL's built-in scalar types into Java values, without
 * regular expressions or intermediate strings. Dates and times are read in the ISO form that
 * {@code DateStyle=ISO} produces; it never guesses at other styles and rejects what it does not
 * recognise with an {@link IllegalArgumentException} saying what was expected.
 */
final class PostgresText {

	private static final String INFINITY = "infinity";

	private static final String NEGATIVE_INFINITY = "-infinity";

	private static final String BC = " BC";

	private PostgresText() {
	}

	static boolean parseBoolean(String text) {
		return switch (text) {
			case "t", "true" -> true;
			case "f", "false" -> false;
			default -> throw new IllegalArgumentException("expected t or f");
		};
	}

	/**
	 * A {@link BigDecimal}, or a {@link Double} for {@code NaN}, {@code Infinity} and
	 * {@code -Infinity}, which {@code BigDecimal} cannot hold.
	 */
	static Number parseNumeric(String text) {
		return switch (text) {
			case "NaN" -> Double.NaN;
			case "Infinity" -> Double.POSITIVE_INFINITY;
			case "-Infinity" -> Double.NEGATIVE_INFINITY;
			default -> new BigDecimal(text);
		};
	}

	/** Reads both {@code bytea_output} formats: {@code hex} and the older {@code escape}. */
	static byte[] parseBytea(String text) {
		if (text.startsWith("\\x")) {
			int digits = text.length() - 2;
			if (digits % 2 != 0) {
				throw new IllegalArgumentException("odd number of hexadecimal digits");
			}
			byte[] bytes = new byte[digits / 2];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = (byte) ((hexDigit(text, 2 + 2 * i) << 4) | hexDigit(text, 3 + 2 * i));
			}
			return bytes;
		}
		byte[] bytes = new byte[text.length()];
		int count = 0;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c != '\\') {
				if (c > 0xFF) {
					throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " in escape format");
				}
				bytes[count++] = (byte) c;
				i++;
			}
			else if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
				bytes[count++] = '\\';
				i += 2;
			}
			else if (i + 3 < text.length() && isOctal(text.charAt(i + 1)) && isOctal(text.charAt(i + 2))
					&& isOctal(text.charAt(i + 3))) {
				bytes[count++] = (byte) (((text.charAt(i + 1) - '0') << 6) | ((text.charAt(i + 2) - '0') << 3)
						| (text.charAt(i + 3) - '0'));
				i += 4;
			}
			else {
				throw new IllegalArgumentException("backslash at " + i + " starts neither \\\\ nor an octal escape");
			}
		}
		return (count == bytes.length) ? bytes : Arrays.copyOf(bytes, count);
	}

	/** A date; {@code infinity} and {@code -infinity} become {@link LocalDate#MAX} and {@link LocalDate#MIN}. */
	static LocalDate parseDate(String text) {
		if (text.equals(INFINITY)) {
			return LocalDate.MAX;
		}
		if (text.equals(NEGATIVE_INFINITY)) {
			return LocalDate.MIN;
		}
		boolean bc = text.endsWith(BC);
		return date(text, 0, bc ? text.length() - BC.length() : text.length(), bc);
	}

	/** A time of day; {@code 24:00:00}, which PostgreSQL allows, becomes {@link LocalTime#MAX}. */
	static LocalTime parseTime(String text) {
		return time(text, 0, text.length());
	}

	static OffsetTime parseTimeWithZone(String text) {
		int sign = offsetStart(text, 8, text.length());
		return OffsetTime.of(time(text, 0, sign), offset(text, sign, text.length()));
	}

	/**
	 * A timestamp; {@code infinity} and {@code -infinity} become {@link LocalDateTime#MAX} and
	 * {@link LocalDateTime#MIN}.
	 */
	static LocalDateTime parseTimestamp(String text) {
		if (text.equals(INFINITY)) {
			return LocalDateTime.MAX;
		}
		if (text.equals(NEGATIVE_INFINITY)) {
			return LocalDateTime.MIN;
		}
		boolean bc = text.endsWith(BC);
		int end = bc ? text.length() - BC.length() : text.length();
		int space = dateEnd(text, end);
		return LocalDateTime.of(date(text, 0, space, bc), time(text, space + 1, end));
	}

	/**
	 * A timestamp with the offset PostgreSQL printed, which is that of the session's
	 * {@code TimeZone} at that instant; {@code infinity} and {@code -infinity} become
	 * {@link OffsetDateTime#MAX} and {@link OffsetDateTime#MIN}.
	 */
	static OffsetDateTime parseTimestampWithZone(String text) {
		if (text.equals(INFINITY)) {
			return OffsetDateTime.MAX;
		}
		if (text.equals(NEGATIVE_INFINITY)) {
			return OffsetDateTime.MIN;
		}
		boolean bc = text.endsWith(BC);
		int end = bc ? text.length() - BC.length() : text.length();
		int space = dateEnd(text, end);
		int sign = offsetStart(text, space + 9, end);
		LocalDateTime local = LocalDateTime.of(date(text, 0, space, bc), time(text, space + 1, sign));
		return OffsetDateTime.of(local, offset(text, sign, end));
	}

	private static int dateEnd(String text, int end) {
		int space = text.indexOf(' ');
		if (space < 0 || space >= end) {
			throw new IllegalArgumentException("expected a date and a time separated by a space (DateStyle ISO)");
		}
		return space;
	}

	// yyyy-mm-dd, where the year has at least four digits and BC years count down from 1
	private static LocalDate date(String text, int from, int to, boolean bc) {
		int dash = text.indexOf('-', from);
		if (dash < from + 1 || dash + 6 != to || text.charAt(dash + 3) != '-') {
			throw new IllegalArgumentException("expected a date like 2024-01-31 (DateStyle ISO)");
		}
		int year = digits(text, from, dash);
		int month = digits(text, dash + 1, dash + 3);
		int day = digits(text, dash + 4, dash + 6);
		return LocalDate.of(bc ? 1 - year : year, month, day);
	}

	// hh:mm:ss with up to nine fractional digits (PostgreSQL prints at most six)
	private static LocalTime time(String text, int from, int to) {
		if (to - from < 8 || text.charAt(from + 2) != ':' || text.charAt(from + 5) != ':'
				|| (to - from > 8 && (text.charAt(from + 8) != '.' || to - from == 9 || to - from > 18))) {
			throw new IllegalArgumentException("expected a time like 13:45:00.123456");
		}
		int hour = digits(text, from, from + 2);
		int minute = digits(text, from + 3, from + 5);
		int second = digits(text, from + 6, from + 8);
		int nanos = 0;
		if (to - from > 8) {
			nanos = digits(text, from + 9, to);
			for (int i = to - from - 9; i < 9; i++) {
				nanos *= 10;
			}
		}
		if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
			return LocalTime.MAX;
		}
		return LocalTime.of(hour, minute, second, nanos);
	}

	private static int offsetStart(String text, int from, int to) {
		for (int i = Math.max(from, 0); i < to; i++) {
			char c = text.charAt(i);
			if (c == '+' || c == '-') {
				return i;
			}
		}
		throw new IllegalArgumentException("expected a time zone offset like +05:30 after the time");
	}

	// +hh, +hh:mm or +hh:mm:ss (historic local mean times have seconds)
	private static ZoneOffset offset(String text, int from, int to) {
		int length = to - from;
		if ((length != 3 && length != 6 && length != 9) || (length > 3 && text.charAt(from + 3) != ':')
				|| (length > 6 && text.charAt(from + 6) != ':')) {
			throw new IllegalArgumentException("expected a time zone offset like +05, +05:30 or +00:19:32");
		}
		int sign = (text.charAt(from) == '-') ? -1 : 1;
		int hours = digits(text, from + 1, from + 3);
		int minutes = (length > 3) ? digits(text, from + 4, from + 6) : 0;
		int seconds = (length > 6) ? digits(text, from + 7, from + 9) : 0;
		try {
			return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("time zone offset out of range: " + ex.getMessage(), ex);
		}
	}

	private static int digits(String text, int from, int to) {
		if (from >= to || to - from > 9) {
			throw new IllegalArgumentException("expected 1 to 9 digits at " + from);
		}
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				throw new IllegalArgumentException("expected a digit at " + i + " but found '" + c + "'");
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static int hexDigit(String text, int index) {
		int digit = Character.digit(text.charAt(index), 16);
		if (digit < 0) {
			throw new IllegalArgumentException("'" + text.charAt(index) + "' at " + index + " is not a hexadecimal digit");
		}
		return digit;
	}

	private static boolean isOctal(char c) {
		return c >= '0' && c <= '7';
	}

}
