package dev.zero.row;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The text PostgreSQL prints for a Java value, and the built-in type that holds such a value:
 * what rows made for tests are built from, so that they read exactly as rows that came from a
 * server. Dates and times are printed as {@code DateStyle=ISO} prints them (by the same code
 * that prints binary values), {@code bytea} as {@code bytea_output=hex}, floats as
 * {@code extra_float_digits=1} (the default) prints them, and lists as array literals. It never
 * parses, and never consults a server.
 */
public final class PostgresTextOutput {

	private PostgresTextOutput() {
	}

	/**
	 * The built-in type a column holding {@code value} has: {@code bool}, {@code int2},
	 * {@code int4}, {@code int8}, {@code numeric} (for {@link BigDecimal} and
	 * {@link BigInteger}), {@code float4}, {@code float8}, {@code text} (for strings, characters
	 * and enums), {@code uuid}, {@code date}, {@code time}, {@code timetz}, {@code timestamp},
	 * {@code timestamptz} (for {@link OffsetDateTime} and {@link Instant}), {@code bytea}, and
	 * for a list the array of its first element's type ({@code _int4}), {@code _text} when it
	 * has none.
	 * @param value the value
	 * @return the type's name, as in {@code pg_type.typname}
	 * @throws IllegalArgumentException if no built-in type holds such values (JSON, for
	 * example, is a string: name its type)
	 */
	public static String typeName(Object value) {
		if (value instanceof List<?> list) {
			Object first = firstElement(list);
			// the elements of nested lists too: PostgreSQL's arrays of any dimension have one type
			return "_" + ((first != null) ? typeName(first) : "text");
		}
		if (value instanceof Boolean) {
			return "bool";
		}
		if (value instanceof Short) {
			return "int2";
		}
		if (value instanceof Integer) {
			return "int4";
		}
		if (value instanceof Long) {
			return "int8";
		}
		if (value instanceof BigDecimal || value instanceof BigInteger) {
			return "numeric";
		}
		if (value instanceof Float) {
			return "float4";
		}
		if (value instanceof Double) {
			return "float8";
		}
		if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
			return "text";
		}
		if (value instanceof UUID) {
			return "uuid";
		}
		if (value instanceof LocalDate) {
			return "date";
		}
		if (value instanceof LocalTime) {
			return "time";
		}
		if (value instanceof OffsetTime) {
			return "timetz";
		}
		if (value instanceof LocalDateTime) {
			return "timestamp";
		}
		if (value instanceof OffsetDateTime || value instanceof Instant) {
			return "timestamptz";
		}
		if (value instanceof byte[]) {
			return "bytea";
		}
		throw new IllegalArgumentException("No built-in PostgreSQL type holds a " + value.getClass().getName()
				+ "; name the column's type and give its value as PostgreSQL prints it");
	}

	/**
	 * The OID of a built-in type.
	 * @param typeName the type's name as in {@code pg_type.typname}: {@code int4},
	 * {@code _text}
	 * @return the OID, or 0 when no built-in type has that name
	 */
	public static int typeOid(String typeName) {
		return BuiltinTypes.oid(typeName);
	}

	/**
	 * The text PostgreSQL prints for {@code value}: {@code t} or {@code f}, numbers as
	 * {@code numeric_out} and {@code float8out} print them, {@code \x0102} for bytes, the ISO
	 * forms of dates and times ({@link Instant} with the offset {@code +00}, {@code MAX} and
	 * {@code MIN} as {@code infinity} and {@code -infinity}), and array literals for lists,
	 * elements quoted where PostgreSQL quotes them. A string is taken as it is.
	 * @param value the value
	 * @return the text
	 * @throws IllegalArgumentException if the value is of none of the types
	 * {@link #typeName(Object)} knows
	 */
	public static String text(Object value) {
		if (value instanceof List<?> list) {
			return arrayText(list);
		}
		if (value instanceof Boolean bool) {
			return bool ? "t" : "f";
		}
		if (value instanceof Short || value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
			return value.toString();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Float number) {
			return floatText(number.doubleValue(), Float.toString(number), 6);
		}
		if (value instanceof Double number) {
			return floatText(number, Double.toString(number), 15);
		}
		if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
			return value.toString();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof LocalDate date) {
			return PostgresBinary.dateText(date);
		}
		if (value instanceof LocalTime time) {
			return PostgresBinary.timeText(time);
		}
		if (value instanceof OffsetTime time) {
			return PostgresBinary.timeWithZoneText(time);
		}
		if (value instanceof LocalDateTime timestamp) {
			return PostgresBinary.timestampText(timestamp);
		}
		if (value instanceof OffsetDateTime timestamp) {
			return timestampWithZoneText(timestamp);
		}
		if (value instanceof Instant instant) {
			return instantText(instant);
		}
		if (value instanceof byte[] bytes) {
			return PostgresBinary.byteaText(bytes, 0, bytes.length);
		}
		typeName(value);
		throw new IllegalArgumentException("Cannot print a " + value.getClass().getName());
	}

	private static String timestampWithZoneText(OffsetDateTime timestamp) {
		if (timestamp.equals(OffsetDateTime.MAX)) {
			return "infinity";
		}
		if (timestamp.equals(OffsetDateTime.MIN)) {
			return "-infinity";
		}
		return PostgresBinary.timestampWithZoneText(timestamp);
	}

	private static String instantText(Instant instant) {
		if (instant.equals(Instant.MAX)) {
			return "infinity";
		}
		if (instant.equals(Instant.MIN)) {
			return "-infinity";
		}
		return PostgresBinary.timestampWithZoneText(instant.atOffset(ZoneOffset.UTC));
	}

	/**
	 * A float as {@code float8out} prints it: the shortest digits that read back to the same
	 * value (as Java's own), in exponent form when the exponent is below -4 or at least the
	 * type's decimal digits (15, or 6 for {@code float4}).
	 */
	private static String floatText(double value, String javaText, int digits) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0" : "0";
		}
		BigDecimal shortest = new BigDecimal(javaText).stripTrailingZeros();
		int exponent = shortest.precision() - shortest.scale() - 1;
		if (exponent < -4 || exponent >= digits) {
			String unscaled = shortest.unscaledValue().abs().toString();
			StringBuilder text = new StringBuilder();
			if (shortest.signum() < 0) {
				text.append('-');
			}
			text.append(unscaled.charAt(0));
			if (unscaled.length() > 1) {
				text.append('.').append(unscaled, 1, unscaled.length());
			}
			text.append('e').append((exponent < 0) ? '-' : '+');
			String power = Integer.toString(Math.abs(exponent));
			return text.append((power.length() < 2) ? "0" : "").append(power).toString();
		}
		return shortest.toPlainString();
	}

	private static String arrayText(List<?> list) {
		StringBuilder text = new StringBuilder("{");
		for (int i = 0; i < list.size(); i++) {
			if (i > 0) {
				text.append(',');
			}
			Object element = list.get(i);
			if (element == null) {
				text.append("NULL");
			}
			else if (element instanceof List<?> inner) {
				text.append(arrayText(inner));
			}
			else {
				appendElement(text, text(element));
			}
		}
		return text.append('}').toString();
	}

	// array_out quotes an element that is empty, NULL, or holds a delimiter, brace, quote,
	// backslash or white space, escaping quotes and backslashes
	private static void appendElement(StringBuilder text, String element) {
		boolean quote = element.isEmpty() || element.toUpperCase(Locale.ROOT).equals("NULL");
		for (int i = 0; i < element.length() && !quote; i++) {
			char c = element.charAt(i);
			quote = c == ',' || c == '{' || c == '}' || c == '"' || c == '\\' || c == ' ' || c == '\t' || c == '\n'
					|| c == '\r' || c == '\u000B' || c == '\f';
		}
		if (!quote) {
			text.append(element);
			return;
		}
		text.append('"');
		for (int i = 0; i < element.length(); i++) {
			char c = element.charAt(i);
			if (c == '"' || c == '\\') {
				text.append('\\');
			}
			text.append(c);
		}
		text.append('"');
	}

	private static @Nullable Object firstElement(List<?> list) {
		for (Object element : list) {
			if (element instanceof List<?> inner) {
				Object first = firstElement(inner);
				if (first != null) {
					return first;
				}
			}
			else if (element != null) {
				return element;
			}
		}
		return null;
	}

}
