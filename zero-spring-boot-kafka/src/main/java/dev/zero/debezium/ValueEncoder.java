package dev.zero.debezium;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

import dev.zero.change.Column;
import dev.zero.change.Row;

/**
 * Writes column values as Debezium's PostgreSQL connector encodes them and Kafka Connect's
 * JSON converter writes them without schemas (see Debezium's "PostgreSQL connector: data type
 * mappings"): integers, floats and booleans as JSON numbers and booleans; {@code numeric}
 * and {@code money} by {@link DecimalHandlingMode}; {@code bytea} by
 * {@link BinaryHandlingMode}; dates, times and timestamps by {@link TimePrecisionMode};
 * {@code timestamptz} and {@code timetz} as ISO-8601 text in UTC; {@code interval} in
 * microseconds; {@code bit(n)} as little-endian bytes ({@code bit(1)} as a boolean); text,
 * JSON, UUIDs, network addresses, ranges and enums as their text; {@code point} as
 * {@code {x, y, wkb, srid}}; arrays of those as JSON arrays. A column of a type Debezium has no
 * encoding for is left out of the row, as Debezium leaves it out.
 */
final class ValueEncoder {

	/** What Debezium writes for a TOASTed value an update did not send (its default placeholder). */
	static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

	/** Debezium's {@code VariableScaleDecimal}: the unscaled value and its scale. */
	private static final String SCALE = "scale";

	private static final String VALUE = "value";

	/**
	 * What Debezium writes for PostgreSQL 17's {@code infinity} and {@code -infinity} intervals:
	 * pgjdbc's {@code PGInterval} finds no fields in them.
	 */
	private static final long INFINITE_INTERVAL_MICROS = 0;

	/** Debezium's average month for intervals: 365.25 / 12 days. */
	private static final double DAYS_PER_MONTH = 365.25 / 12;

	/** {@code timestamptz} by precision: Debezium writes as many fractional digits as it has. */
	private static final DateTimeFormatter[] ZONED = new DateTimeFormatter[7];

	static {
		for (int precision = 0; precision <= 6; precision++) {
			DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
				.appendLiteral('T')
				.appendPattern("HH:mm:ss");
			if (precision > 0) {
				builder.appendFraction(ChronoField.NANO_OF_SECOND, precision, precision, true);
			}
			ZONED[precision] = builder.appendOffsetId().toFormatter();
		}
	}

	private static final DateTimeFormatter ZONED_TIME = DateTimeFormatter.ISO_OFFSET_TIME;

	private static final int MONEY_SCALE = 2;

	private final EnvelopeSettings settings;

	ValueEncoder(EnvelopeSettings settings) {
		this.settings = settings;
	}

	/** How values of a column are encoded, from its type; {@link Kind#OMITTED} when they are not. */
	static Kind kind(Column column, @Nullable DeclaredColumn declared) {
		String name = column.typeName();
		if (name.startsWith("_") || name.contains("._")) {
			Kind element = scalarKind(name.substring(name.indexOf('_') + 1), declared);
			return (element.inArrays) ? Kind.ARRAY : Kind.OMITTED;
		}
		return scalarKind(name, declared);
	}

	/** How the elements of an array column are encoded. */
	static Kind elementKind(Column column, @Nullable DeclaredColumn declared) {
		String name = column.typeName();
		return scalarKind(name.substring(name.indexOf('_') + 1), declared);
	}

	private static Kind scalarKind(String typeName, @Nullable DeclaredColumn declared) {
		return switch (typeName) {
			case "bool" -> Kind.BOOLEAN;
			case "int2" -> Kind.INT16;
			case "int4" -> Kind.INT32;
			case "int8", "oid" -> Kind.INT64;
			case "float4" -> Kind.FLOAT32;
			case "float8" -> Kind.FLOAT64;
			case "numeric" -> Kind.NUMERIC;
			case "money" -> Kind.MONEY;
			case "text", "varchar", "bpchar", "char", "name", "json", "jsonb", "xml", "uuid", "inet", "cidr",
					"macaddr", "macaddr8", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
					"tsvector" ->
				Kind.STRING;
			case "bytea" -> Kind.BINARY;
			case "date" -> Kind.DATE;
			case "time" -> Kind.TIME;
			case "timetz" -> Kind.TIMETZ;
			case "timestamp" -> Kind.TIMESTAMP;
			case "timestamptz" -> Kind.TIMESTAMPTZ;
			case "interval" -> Kind.INTERVAL;
			case "bit", "varbit" -> Kind.BITS;
			case "point" -> Kind.POINT;
			default -> (declared != null && declared.enumType()) || typeName.endsWith(".citext") ? Kind.STRING
					: Kind.OMITTED;
		};
	}

	/**
	 * Writes the value of {@code column} in {@code row}, as Debezium's reader of that
	 * {@code source} has it.
	 */
	void write(JsonGenerator json, Row row, Column column, Kind kind, @Nullable DeclaredColumn declared,
			ValueSource source) {
		String name = column.name();
		if (row.isUnchangedToast(name)) {
			writeUnavailable(json, kind, column, declared);
			return;
		}
		if (row.isNull(name)) {
			json.writeNull();
			return;
		}
		if (kind == Kind.ARRAY) {
			Kind element = elementKind(column, declared);
			List<?> values;
			try {
				values = row.getList(name, element.javaType);
			}
			catch (RuntimeException ex) {
				// multi-dimensional arrays: no encoding in Debezium's format; the text keeps the value
				json.writeString(row.getString(name));
				return;
			}
			if (element == Kind.NUMERIC && values.stream().anyMatch(ValueEncoder::isSpecialNumeric)) {
				// Debezium writes the whole array as null when an element is NaN or ±Infinity (it reads
				// arrays through pgjdbc, into BigDecimals, which cannot hold them), in every mode
				json.writeNull();
				return;
			}
			json.writeStartArray();
			for (Object value : values) {
				if (value == null) {
					json.writeNull();
				}
				else {
					writeValue(json, element, value, declared, source, true);
				}
			}
			json.writeEndArray();
			return;
		}
		writeValue(json, kind, row.get(name, kind.javaType), declared, source, false);
	}

	/**
	 * Writes what Debezium writes for a {@code NOT NULL} column that a change does not carry
	 * (the columns outside the key in the old row of a delete): its type's zero value.
	 */
	void writeMissing(JsonGenerator json, Kind kind, @Nullable DeclaredColumn declared) {
		if (declared == null || !declared.notNull()) {
			json.writeNull();
			return;
		}
		switch (kind) {
			case BOOLEAN -> json.writeBoolean(false);
			case INT16, INT32, INT64, DATE, TIME, TIMESTAMP, INTERVAL -> json.writeNumber(0);
			case FLOAT32, FLOAT64 -> json.writeNumber(0.0);
			case NUMERIC -> writeNumeric(json, "0", declared);
			case MONEY -> writeMoney(json, "0.00");
			case STRING -> json.writeString("");
			case BINARY -> writeBytes(json, new byte[0]);
			case TIMESTAMPTZ -> json.writeString("1970-01-01T00:00:00Z");
			case TIMETZ -> json.writeString("00:00:00Z");
			case ARRAY -> {
				json.writeStartArray();
				json.writeEndArray();
			}
			default -> json.writeNull();
		}
	}

	private void writeUnavailable(JsonGenerator json, Kind kind, Column column, @Nullable DeclaredColumn declared) {
		if (kind == Kind.BINARY) {
			writeBytes(json, UNAVAILABLE_VALUE.getBytes(StandardCharsets.UTF_8));
		}
		else if (kind == Kind.ARRAY) {
			json.writeStartArray();
			if (elementKind(column, declared) == Kind.BINARY) {
				writeBytes(json, UNAVAILABLE_VALUE.getBytes(StandardCharsets.UTF_8));
			}
			else {
				json.writeString(UNAVAILABLE_VALUE);
			}
			json.writeEndArray();
		}
		else {
			json.writeString(UNAVAILABLE_VALUE);
		}
	}

	private void writeValue(JsonGenerator json, Kind kind, Object value, @Nullable DeclaredColumn declared,
			ValueSource source, boolean arrayElement) {
		switch (kind) {
			case BOOLEAN -> json.writeBoolean((Boolean) value);
			case INT16 -> json.writeNumber((Short) value);
			case INT32 -> json.writeNumber((Integer) value);
			case INT64 -> json.writeNumber((Long) value);
			case FLOAT32 -> writeFloat(json, (Float) value);
			case FLOAT64 -> writeDouble(json, (Double) value);
			case NUMERIC -> writeNumeric(json, (String) value, declared);
			case MONEY -> writeMoney(json, (String) value);
			case STRING -> json.writeString((String) value);
			case BINARY -> writeBytes(json, (byte[]) value);
			case DATE -> json.writeNumber(epochDay((LocalDate) value, source, arrayElement));
			case TIME -> writeTime(json, (LocalTime) value, declared);
			case TIMETZ -> writeTimeWithZone(json, (OffsetTime) value);
			case TIMESTAMP -> writeTimestamp(json, (LocalDateTime) value, declared);
			case TIMESTAMPTZ -> writeTimestampWithZone(json, (Instant) value, declared, arrayElement);
			case INTERVAL -> json.writeNumber(intervalMicros((String) value));
			case BITS -> writeBits(json, (String) value, declared);
			case POINT -> writePoint(json, (String) value);
			default -> throw new IllegalStateException("No encoding for " + kind);
		}
	}

	private static void writeFloat(JsonGenerator json, float value) {
		if (Float.isFinite(value)) {
			json.writeNumber(value);
		}
		else {
			json.writeString(Float.toString(value));
		}
	}

	private static void writeDouble(JsonGenerator json, double value) {
		if (Double.isFinite(value)) {
			json.writeNumber(value);
		}
		else {
			json.writeString(Double.toString(value));
		}
	}

	/** {@code NaN}, {@code Infinity} or {@code -Infinity}: a numeric that {@code BigDecimal} cannot hold. */
	private static boolean isSpecialNumeric(@Nullable Object value) {
		return value instanceof String text && (text.equals("NaN") || text.endsWith("Infinity"));
	}

	private void writeNumeric(JsonGenerator json, String text, @Nullable DeclaredColumn declared) {
		boolean special = isSpecialNumeric(text);
		switch (this.settings.decimalHandling()) {
			case STRING -> json.writeString(special ? specialDecimalName(text) : text);
			case DOUBLE -> writeDouble(json, special ? Double.parseDouble(text) : new BigDecimal(text).doubleValue());
			case PRECISE -> {
				if (special) {
					// Kafka Connect's decimals cannot hold them
					json.writeNull();
					return;
				}
				BigDecimal value = new BigDecimal(text);
				if (declared == null || declared.numericPrecision() < 0) {
					value = value.stripTrailingZeros();
					if (value.scale() < 0) {
						value = value.setScale(0);
					}
					json.writeStartObject();
					json.writeName(SCALE);
					json.writeNumber(value.scale());
					json.writeName(VALUE);
					json.writeBinary(value.unscaledValue().toByteArray());
					json.writeEndObject();
				}
				else {
					json.writeBinary(value.setScale(declared.numericScale(), RoundingMode.HALF_UP)
						.unscaledValue()
						.toByteArray());
				}
			}
		}
	}

	/**
	 * Debezium's {@code SpecialValueDecimal.SpecialValue} constant for a special numeric, whose
	 * {@code name()} is what it writes in {@code string} mode.
	 */
	private static String specialDecimalName(String text) {
		return switch (text) {
			case "NaN" -> "NAN";
			case "Infinity" -> "POSITIVE_INFINITY";
			default -> "NEGATIVE_INFINITY";
		};
	}

	private void writeMoney(JsonGenerator json, String text) {
		BigDecimal value = parseMoney(text).setScale(MONEY_SCALE, RoundingMode.HALF_UP);
		switch (this.settings.decimalHandling()) {
			case STRING -> json.writeString(value.toPlainString());
			case DOUBLE -> json.writeNumber(value.doubleValue());
			case PRECISE -> json.writeBinary(value.unscaledValue().toByteArray());
		}
	}

	/** {@code money}'s text depends on {@code lc_monetary}: keep the digits, the point and the sign. */
	private static BigDecimal parseMoney(String text) {
		StringBuilder number = new StringBuilder(text.length());
		boolean negative = text.startsWith("-") || text.startsWith("(");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c >= '0' && c <= '9') || c == '.') {
				number.append(c);
			}
		}
		BigDecimal value = new BigDecimal(number.toString());
		return negative ? value.negate() : value;
	}

	private void writeBytes(JsonGenerator json, byte[] bytes) {
		switch (this.settings.binaryHandling()) {
			case BYTES, BASE64 -> json.writeString(Base64.getEncoder().encodeToString(bytes));
			case BASE64_URL_SAFE -> json.writeString(Base64.getUrlEncoder().encodeToString(bytes));
			case HEX -> json.writeString(HexFormat.of().formatHex(bytes));
		}
	}

	private static long epochDay(LocalDate date, ValueSource source, boolean arrayElement) {
		if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
			return Infinities.epochDay(date.equals(LocalDate.MAX), source, arrayElement);
		}
		return date.toEpochDay();
	}

	private void writeTime(JsonGenerator json, LocalTime time, @Nullable DeclaredColumn declared) {
		// 24:00:00 is a whole day, which LocalTime cannot hold
		long micros = time.equals(LocalTime.MAX) ? 86_400_000_000L : time.toNanoOfDay() / 1000;
		int precision = (declared != null) ? declared.timePrecision() : 6;
		boolean inMicros = switch (this.settings.timePrecision()) {
			case ADAPTIVE -> precision > 3;
			case ADAPTIVE_TIME_MICROSECONDS -> true;
			case CONNECT -> false;
		};
		json.writeNumber(inMicros ? micros : micros / 1000);
	}

	/**
	 * In UTC. {@code 24:00:00}, which a row reads as {@link LocalTime#MAX}, is midnight to
	 * Debezium: {@code 24:00:00+00} is {@code 00:00:00Z}, {@code 24:00:00-02} is
	 * {@code 02:00:00Z}.
	 */
	private static void writeTimeWithZone(JsonGenerator json, OffsetTime time) {
		OffsetTime value = time.toLocalTime().equals(LocalTime.MAX) ? time.with(LocalTime.MIDNIGHT) : time;
		json.writeString(ZONED_TIME.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
	}

	private void writeTimestamp(JsonGenerator json, LocalDateTime timestamp, @Nullable DeclaredColumn declared) {
		int precision = (declared != null) ? declared.timePrecision() : 6;
		boolean inMicros = this.settings.timePrecision() != TimePrecisionMode.CONNECT && precision > 3;
		long micros;
		if (timestamp.equals(LocalDateTime.MAX) || timestamp.equals(LocalDateTime.MIN)) {
			micros = Infinities.timestampMicros(timestamp.equals(LocalDateTime.MAX));
		}
		else {
			Instant instant = timestamp.toInstant(ZoneOffset.UTC);
			micros = ChronoUnit.MICROS.between(Instant.EPOCH, instant);
		}
		json.writeNumber(inMicros ? micros : Math.floorDiv(micros, 1000));
	}

	/** In UTC, with as many fractional digits as the column's precision (6 when not declared). */
	private static void writeTimestampWithZone(JsonGenerator json, Instant instant, @Nullable DeclaredColumn declared,
			boolean arrayElement) {
		int precision = (declared != null) ? declared.timePrecision() : 6;
		if (instant.equals(Instant.MAX) || instant.equals(Instant.MIN)) {
			json.writeString(Infinities.timestampWithZone(instant.equals(Instant.MAX), arrayElement, ZONED[precision]));
		}
		else {
			json.writeString(ZONED[precision].format(instant.atOffset(ZoneOffset.UTC)));
		}
	}

	/**
	 * An interval in microseconds, months counted as Debezium counts them (365.25 / 12 days),
	 * from the text of {@code IntervalStyle=postgres}: {@code 1 year 2 mons -3 days 04:05:06.789}.
	 */
	static long intervalMicros(String text) {
		if (text.endsWith("infinity")) {
			return INFINITE_INTERVAL_MICROS;
		}
		double years = 0;
		double months = 0;
		double days = 0;
		double seconds = 0;
		String[] parts = text.trim().split("\\s+");
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (part.indexOf(':') >= 0) {
				boolean negative = part.startsWith("-");
				String[] hms = part.replace("-", "").replace("+", "").split(":");
				double value = Long.parseLong(hms[0]) * 3600.0 + Long.parseLong(hms[1]) * 60.0
						+ ((hms.length > 2) ? Double.parseDouble(hms[2]) : 0);
				seconds += negative ? -value : value;
			}
			else if (i + 1 < parts.length) {
				double value = Double.parseDouble(part);
				String unit = parts[++i];
				if (unit.startsWith("year")) {
					years += value;
				}
				else if (unit.startsWith("mon")) {
					months += value;
				}
				else if (unit.startsWith("day")) {
					days += value;
				}
				else if (unit.startsWith("hour")) {
					seconds += value * 3600;
				}
				else if (unit.startsWith("min")) {
					seconds += value * 60;
				}
				else if (unit.startsWith("sec")) {
					seconds += value;
				}
			}
		}
		double totalDays = (years * 12 + months) * DAYS_PER_MONTH + days;
		return (long) ((totalDays * 86_400 + seconds) * 1_000_000);
	}

	private void writeBits(JsonGenerator json, String bits, @Nullable DeclaredColumn declared) {
		int declaredLength = (declared != null) ? declared.bitLength() : bits.length();
		if (declaredLength == 1 || (declaredLength <= 0 && bits.length() == 1)) {
			json.writeBoolean(bits.equals("1"));
			return;
		}
		// Debezium's bits: the least significant bit first, as few bytes as the set bits need
		BitSet set = new BitSet(bits.length());
		for (int i = bits.length() - 1; i >= 0; i--) {
			if (bits.charAt(i) == '1') {
				set.set(bits.length() - i - 1);
			}
		}
		json.writeBinary(set.toByteArray());
	}

	/** Debezium's {@code Point}: the coordinates, and the point as well-known binary. */
	private static void writePoint(JsonGenerator json, String text) {
		String inner = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
		int comma = inner.indexOf(',');
		double x = Double.parseDouble(inner.substring(0, comma).trim());
		double y = Double.parseDouble(inner.substring(comma + 1).trim());
		ByteBuffer wkb = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN);
		wkb.put((byte) 1).putInt(1).putDouble(x).putDouble(y);
		json.writeStartObject();
		json.writeName("x");
		json.writeNumber(x);
		json.writeName("y");
		json.writeNumber(y);
		json.writeName("wkb");
		json.writeBinary(wkb.array());
		json.writeName("srid");
		json.writeNull();
		json.writeEndObject();
	}

	/** How a column's values are encoded, and the Java type a {@link Row} reads them as. */
	enum Kind {

		BOOLEAN(Boolean.class, true), INT16(Short.class, true), INT32(Integer.class, true), INT64(Long.class, true),
		FLOAT32(Float.class, true), FLOAT64(Double.class, true), NUMERIC(String.class, true),
		MONEY(String.class, false), STRING(String.class, true), BINARY(byte[].class, true),
		DATE(LocalDate.class, true), TIME(LocalTime.class, true), TIMETZ(OffsetTime.class, true),
		TIMESTAMP(LocalDateTime.class, true), TIMESTAMPTZ(Instant.class, true), INTERVAL(String.class, false),
		BITS(String.class, false), POINT(String.class, false), ARRAY(Object.class, false),
		/** A type Debezium has no encoding for: the column is left out. */
		OMITTED(String.class, false);

		final Class<?> javaType;

		/** Whether Debezium encodes arrays of this type. */
		final boolean inArrays;

		Kind(Class<?> javaType, boolean inArrays) {
			this.javaType = javaType;
			this.inArrays = inArrays;
		}

	}

}
