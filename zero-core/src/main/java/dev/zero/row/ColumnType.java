package dev.zero.row;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * How the text of a column's values is decoded, worked out once per column from its type: the
 * natural Java value of each built-in type, arrays element by element, and, for types that are
 * not built in, plain text that typed getters may still try to parse. Common scalar types also
 * read their binary form (binary {@code COPY}), to the very values and text their text gives.
 * It never decides compatibility from the value, only from the type, so a getter either always
 * works for a column or always refuses it.
 */
final class ColumnType {

	enum Kind {

		BOOL, INT2, INT4, INT8, UNSIGNED, NUMERIC, FLOAT4, FLOAT8, STRING, BYTEA, UUID, DATE, TIME, TIMETZ,
		TIMESTAMP, TIMESTAMPTZ, JSON, ARRAY,
		/** Not built in: text, which typed getters parse on request. */
		UNKNOWN

	}

	/**
	 * The binary forms that read exactly as their text does: each names the send function's
	 * layout ({@link PostgresBinary}).
	 */
	enum Binary {

		BOOL, INT2, INT4, INT8, UINT4, NUMERIC, TEXT, JSONB, BYTEA, UUID, DATE, TIME, TIMETZ, TIMESTAMP,
		TIMESTAMPTZ

	}

	private static final ColumnType UNKNOWN = new ColumnType(Kind.UNKNOWN, null, ',', null);

	private static final int BOX_ARRAY = 1020;

	private final Kind kind;

	private final @Nullable ColumnType element;

	private final char delimiter;

	private final @Nullable Binary binary;

	private ColumnType(Kind kind, @Nullable ColumnType element, char delimiter, @Nullable Binary binary) {
		this.kind = kind;
		this.element = element;
		this.delimiter = delimiter;
		this.binary = binary;
	}

	/**
	 * The decoding for a column.
	 * @param oid the column's type OID
	 * @param typeName the type's name: for a type that is not built in, pgoutput's Type
	 * message names it, and names the base type of a domain
	 */
	static ColumnType of(int oid, String typeName) {
		if (BuiltinTypes.name(oid) != null) {
			return builtin(oid);
		}
		int baseOid = BuiltinTypes.oid(typeName);
		if (baseOid != 0) {
			return builtin(baseOid);
		}
		String simpleName = typeName.substring(typeName.lastIndexOf('.') + 1);
		// a type that is not built in gets an array type named after it with a leading underscore
		return simpleName.startsWith("_") ? new ColumnType(Kind.ARRAY, UNKNOWN, ',', null) : UNKNOWN;
	}

	private static ColumnType builtin(int oid) {
		int elementOid = BuiltinTypes.elementType(oid);
		if (elementOid != 0) {
			return new ColumnType(Kind.ARRAY, builtin(elementOid), (oid == BOX_ARRAY) ? ';' : ',', null);
		}
		return new ColumnType(scalarKind(oid), null, ',', binaryForm(oid));
	}

	private static @Nullable Binary binaryForm(int oid) {
		return switch (oid) {
			case 16 -> Binary.BOOL;
			case 17 -> Binary.BYTEA;
			case 20 -> Binary.INT8;
			case 21 -> Binary.INT2;
			case 23 -> Binary.INT4;
			case 26, 28, 29 -> Binary.UINT4;
			// text, name, json, char(n), varchar: the text itself
			case 25, 19, 114, 1042, 1043 -> Binary.TEXT;
			case 3802 -> Binary.JSONB;
			case 1082 -> Binary.DATE;
			case 1083 -> Binary.TIME;
			case 1114 -> Binary.TIMESTAMP;
			case 1184 -> Binary.TIMESTAMPTZ;
			case 1266 -> Binary.TIMETZ;
			case 1700 -> Binary.NUMERIC;
			case 2950 -> Binary.UUID;
			default -> null;
		};
	}

	private static Kind scalarKind(int oid) {
		return switch (oid) {
			case 16 -> Kind.BOOL;
			case 17 -> Kind.BYTEA;
			case 20 -> Kind.INT8;
			case 21 -> Kind.INT2;
			case 23 -> Kind.INT4;
			case 26, 28, 29, 5069 -> Kind.UNSIGNED;
			case 114, 3802 -> Kind.JSON;
			case 700 -> Kind.FLOAT4;
			case 701 -> Kind.FLOAT8;
			case 1082 -> Kind.DATE;
			case 1083 -> Kind.TIME;
			case 1114 -> Kind.TIMESTAMP;
			case 1184 -> Kind.TIMESTAMPTZ;
			case 1266 -> Kind.TIMETZ;
			case 1700 -> Kind.NUMERIC;
			case 2950 -> Kind.UUID;
			default -> Kind.STRING;
		};
	}

	Kind kind() {
		return this.kind;
	}

	boolean isArray() {
		return this.kind == Kind.ARRAY;
	}

	/**
	 * Whether values of this type read from their binary form exactly as from the text a
	 * session with these settings prints.
	 */
	boolean readsBinary(OutputSettings settings) {
		if (this.binary == null) {
			return false;
		}
		return switch (this.binary) {
			case TIMESTAMPTZ -> settings.printsUtc();
			case BYTEA -> settings.printsHexBytea();
			default -> true;
		};
	}

	/**
	 * The natural Java value of a binary value, the same {@link #decode(String)} gives for its
	 * text.
	 * @throws IllegalArgumentException if the bytes are not a value of the type
	 */
	Object decodeBinary(byte[] data, int offset, int length) {
		return switch (binaryForm()) {
			case BOOL -> PostgresBinary.bool(data, offset, length);
			case INT2 -> PostgresBinary.int2(data, offset, length);
			case INT4 -> PostgresBinary.int4(data, offset, length);
			case INT8 -> PostgresBinary.int8(data, offset, length);
			case UINT4 -> PostgresBinary.uint4(data, offset, length);
			case NUMERIC -> PostgresBinary.numeric(data, offset, length);
			case TEXT -> PostgresBinary.text(data, offset, length);
			case JSONB -> PostgresBinary.jsonb(data, offset, length);
			case BYTEA -> PostgresBinary.bytea(data, offset, length);
			case UUID -> PostgresBinary.uuid(data, offset, length);
			case DATE -> PostgresBinary.date(data, offset, length);
			case TIME -> PostgresBinary.time(data, offset, length);
			case TIMETZ -> PostgresBinary.timeWithZone(data, offset, length);
			case TIMESTAMP -> PostgresBinary.timestamp(data, offset, length);
			case TIMESTAMPTZ -> PostgresBinary.timestampWithZone(data, offset, length);
		};
	}

	/**
	 * The text PostgreSQL prints for a binary value.
	 * @throws IllegalArgumentException if the bytes are not a value of the type
	 */
	String binaryText(byte[] data, int offset, int length) {
		return switch (binaryForm()) {
			case BOOL -> PostgresBinary.bool(data, offset, length) ? "t" : "f";
			case INT2, INT4, INT8, UINT4, UUID -> decodeBinary(data, offset, length).toString();
			case NUMERIC -> PostgresBinary.numericText(data, offset, length);
			case TEXT -> PostgresBinary.text(data, offset, length);
			case JSONB -> PostgresBinary.jsonb(data, offset, length);
			case BYTEA -> PostgresBinary.byteaText(data, offset, length);
			case DATE -> PostgresBinary.dateText(PostgresBinary.date(data, offset, length));
			case TIME -> PostgresBinary.timeText(PostgresBinary.time(data, offset, length));
			case TIMETZ -> PostgresBinary.timeWithZoneText(PostgresBinary.timeWithZone(data, offset, length));
			case TIMESTAMP -> PostgresBinary.timestampText(PostgresBinary.timestamp(data, offset, length));
			case TIMESTAMPTZ ->
				PostgresBinary.timestampWithZoneText(PostgresBinary.timestampWithZone(data, offset, length));
		};
	}

	/**
	 * A binary value as {@code target}, as {@link #decode(String, Class)} reads its text.
	 * @throws IncompatibleTypeException if no value of this type can be a {@code target}
	 * @throws IllegalArgumentException if the bytes are not a value of the type, or this value
	 * does not fit a {@code target}
	 */
	<T> T decodeBinary(byte[] data, int offset, int length, Class<T> target) {
		if (target == String.class) {
			return target.cast(binaryText(data, offset, length));
		}
		Object value = decodeBinary(data, offset, length);
		return target.cast((target == Object.class) ? value : convert(value, null, target));
	}

	private Binary binaryForm() {
		if (this.binary == null) {
			throw new IllegalStateException("no binary decoder for " + this.kind);
		}
		return this.binary;
	}

	/**
	 * The natural Java value of {@code text}.
	 * @throws IllegalArgumentException if the text is not a valid value of the type
	 */
	Object decode(String text) {
		try {
			return switch (this.kind) {
				case BOOL -> PostgresText.parseBoolean(text);
				case INT2 -> Short.parseShort(text);
				case INT4 -> Integer.parseInt(text);
				case INT8, UNSIGNED -> Long.parseLong(text);
				case NUMERIC -> PostgresText.parseNumeric(text);
				case FLOAT4 -> Float.parseFloat(text);
				case FLOAT8 -> Double.parseDouble(text);
				case BYTEA -> PostgresText.parseBytea(text);
				case UUID -> java.util.UUID.fromString(text);
				case DATE -> PostgresText.parseDate(text);
				case TIME -> PostgresText.parseTime(text);
				case TIMETZ -> PostgresText.parseTimeWithZone(text);
				case TIMESTAMP -> PostgresText.parseTimestamp(text);
				case TIMESTAMPTZ -> PostgresText.parseTimestampWithZone(text);
				case ARRAY -> this.element.decodeElements(ArrayLiteral.parse(text, this.delimiter), Object.class);
				case STRING, JSON, UNKNOWN -> text;
			};
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	/**
	 * The value of {@code text} as a {@code target}.
	 * @throws IncompatibleTypeException if no value of this type can be a {@code target}
	 * @throws IllegalArgumentException if the text is not a valid value, or this value does not
	 * fit a {@code target}
	 */
	<T> T decode(String text, Class<T> target) {
		if (target == Object.class) {
			return target.cast(decode(text));
		}
		if (target == String.class) {
			return target.cast(text);
		}
		Object value;
		if (this.kind == Kind.UNKNOWN) {
			// a type of its own (enum, composite, extension): parse it as what the caller wants
			ColumnType wanted = forTarget(target);
			if (wanted == null) {
				throw new IncompatibleTypeException();
			}
			value = wanted.decode(text);
		}
		else {
			value = decode(text);
		}
		return target.cast(convert(value, text, target));
	}

	/**
	 * The elements of an array value as {@code elementType}s.
	 * @throws IncompatibleTypeException if this is not an array type
	 */
	<T> List<@Nullable T> decodeList(String text, Class<T> elementType) {
		if (this.kind == Kind.UNKNOWN && (text.startsWith("{") || text.startsWith("["))) {
			return UNKNOWN.decodeElements(ArrayLiteral.parse(text, ','), elementType);
		}
		if (this.kind != Kind.ARRAY) {
			throw new IncompatibleTypeException();
		}
		return this.element.decodeElements(ArrayLiteral.parse(text, this.delimiter), elementType);
	}

	// called on the element type
	private <T> List<@Nullable T> decodeElements(List<@Nullable Object> texts, Class<T> elementType) {
		List<@Nullable T> values = new ArrayList<>(texts.size());
		for (Object item : texts) {
			if (item == null) {
				values.add(null);
			}
			else if (item instanceof List<?> nested) {
				if (elementType != Object.class && elementType != List.class) {
					throw new IllegalArgumentException("it is a multi-dimensional array, whose elements are lists, "
							+ "not " + elementType.getSimpleName() + "; read it with getList(name)");
				}
				@SuppressWarnings("unchecked")
				List<@Nullable Object> inner = (List<@Nullable Object>) nested;
				values.add(elementType.cast(decodeElements(inner, Object.class)));
			}
			else {
				values.add(decode((String) item, elementType));
			}
		}
		return Collections.unmodifiableList(values);
	}

	/**
	 * @param text the value's text, or {@code null} when it was read from its binary form (its
	 * text is then made from the value where needed)
	 */
	private Object convert(Object value, @Nullable String text, Class<?> target) {
		if (target.isInstance(value)) {
			return value;
		}
		if (value instanceof Double special && (special.isNaN() || special.isInfinite())
				&& this.kind == Kind.NUMERIC) {
			if (target == BigDecimal.class || target == Long.class || target == Integer.class
					|| target == Short.class) {
				throw new IllegalArgumentException(textOf(value, text) + " cannot be held by "
						+ target.getSimpleName() + "; read it with getDouble");
			}
		}
		try {
			if (target == Long.class) {
				if (value instanceof Short || value instanceof Integer) {
					return ((Number) value).longValue();
				}
				if (value instanceof BigDecimal decimal) {
					return decimal.longValueExact();
				}
			}
			else if (target == Integer.class) {
				if (value instanceof Short shortValue) {
					return shortValue.intValue();
				}
				if (value instanceof Long longValue) {
					return Math.toIntExact(longValue);
				}
				if (value instanceof BigDecimal decimal) {
					return decimal.intValueExact();
				}
			}
			else if (target == Short.class) {
				if (value instanceof Integer || value instanceof Long) {
					long number = ((Number) value).longValue();
					if (number != (short) number) {
						throw new ArithmeticException("out of range");
					}
					return (short) number;
				}
				if (value instanceof BigDecimal decimal) {
					return decimal.shortValueExact();
				}
			}
			else if (target == BigDecimal.class) {
				if (value instanceof Short || value instanceof Integer || value instanceof Long) {
					return BigDecimal.valueOf(((Number) value).longValue());
				}
				if (value instanceof Float || value instanceof Double) {
					double number = ((Number) value).doubleValue();
					if (Double.isNaN(number) || Double.isInfinite(number)) {
						throw new IllegalArgumentException(
								textOf(value, text) + " cannot be held by BigDecimal; read it with getDouble");
					}
					return new BigDecimal(textOf(value, text));
				}
			}
			else if (target == Double.class) {
				if (value instanceof BigDecimal || value instanceof Float) {
					// from the text, so that 0.1 stays 0.1 rather than the float nearest to it
					return Double.parseDouble(textOf(value, text));
				}
				if (value instanceof Number number) {
					return number.doubleValue();
				}
			}
			else if (target == Instant.class && value instanceof OffsetDateTime dateTime) {
				if (dateTime.equals(OffsetDateTime.MAX)) {
					return Instant.MAX;
				}
				return dateTime.equals(OffsetDateTime.MIN) ? Instant.MIN : dateTime.toInstant();
			}
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException(textOf(value, text) + " does not fit " + target.getSimpleName(), ex);
		}
		throw new IncompatibleTypeException();
	}

	/**
	 * The text of a value, as PostgreSQL printed it or, for a value read from its binary form,
	 * as it prints it: only numbers need it, whose Java text is PostgreSQL's (a numeric
	 * {@code BigDecimal} keeps the display scale, as the plain string shows).
	 */
	private static String textOf(Object value, @Nullable String text) {
		if (text != null) {
			return text;
		}
		return (value instanceof BigDecimal decimal) ? decimal.toPlainString() : value.toString();
	}

	private static @Nullable ColumnType forTarget(Class<?> target) {
		Kind kind = null;
		if (target == Long.class) {
			kind = Kind.INT8;
		}
		else if (target == Integer.class) {
			kind = Kind.INT4;
		}
		else if (target == Short.class) {
			kind = Kind.INT2;
		}
		else if (target == BigDecimal.class) {
			kind = Kind.NUMERIC;
		}
		else if (target == Double.class) {
			kind = Kind.FLOAT8;
		}
		else if (target == Float.class) {
			kind = Kind.FLOAT4;
		}
		else if (target == Boolean.class) {
			kind = Kind.BOOL;
		}
		else if (target == UUID.class) {
			kind = Kind.UUID;
		}
		else if (target == LocalDate.class) {
			kind = Kind.DATE;
		}
		else if (target == LocalTime.class) {
			kind = Kind.TIME;
		}
		else if (target == OffsetTime.class) {
			kind = Kind.TIMETZ;
		}
		else if (target == LocalDateTime.class) {
			kind = Kind.TIMESTAMP;
		}
		else if (target == OffsetDateTime.class || target == Instant.class) {
			kind = Kind.TIMESTAMPTZ;
		}
		else if (target == List.class) {
			return new ColumnType(Kind.ARRAY, UNKNOWN, ',', null);
		}
		return (kind != null) ? new ColumnType(kind, null, ',', null) : null;
	}

	/** Thrown when no value of a column's type can be read as the requested Java type. */
	static final class IncompatibleTypeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		IncompatibleTypeException() {
			super(null, null, false, false);
		}

	}

}
