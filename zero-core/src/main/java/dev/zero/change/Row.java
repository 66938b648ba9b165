package dev.zero.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The columns of one row of a change, read by column name. Values are kept as PostgreSQL sent
 * them (its text output) and decoded on each call, so a row costs nothing until it is read; a
 * row never converts a value silently: asking for a column that does not exist, a type the
 * column cannot have, or a value PostgreSQL did not send throws a
 * {@link ColumnValueException} that names the column, its type and the problem.
 * <p>
 * Getters return {@code null} for SQL NULL, including those returning numbers and booleans
 * (unboxing such a {@code null} into a primitive throws {@link NullPointerException}; check
 * {@link #isNull(String)} first for nullable columns). Each getter reads the types listed on
 * it; a column of a type that is not built in (an enum, a composite, an extension's type) is
 * text to {@link #getObject(String)}, and the other getters try to parse its text.
 * <p>
 * Special values have fixed Java counterparts: date and timestamp {@code infinity} and
 * {@code -infinity} are {@code MAX} and {@code MIN} of {@link LocalDate},
 * {@link LocalDateTime}, {@link OffsetDateTime} and {@link Instant}; the time
 * {@code 24:00:00} is {@link LocalTime#MAX}; BC dates are proleptic ISO years
 * ({@code 0044-03-15 BC} is year -43); numeric {@code NaN} and {@code ±Infinity} are
 * {@link Double}s, since {@link BigDecimal} cannot hold them.
 * <p>
 * Applications receive rows and never build them; their tests build them with
 * {@code zero-spring-boot-test}'s {@code Rows}, whose rows read exactly as these. Two rows are equal when they have the same
 * columns and PostgreSQL sent the same values; {@code toString()} shows those values, long
 * ones shortened, for logs.
 */
public interface Row {

	/** The columns in table order (only the key columns for an old key). */
	List<Column> columns();

	/** Whether this row has a column of that name. */
	boolean has(String name);

	Column column(String name);

	/** Whether the value is SQL NULL (an unchanged TOAST value is not). */
	boolean isNull(String name);

	/**
	 * Whether the value is a TOASTed value the change did not touch. PostgreSQL does not send
	 * such values in the new row of an update, so every getter refuses them; the current value
	 * is the one from before the update.
	 */
	boolean isUnchangedToast(String name);

	/**
	 * The value as text: PostgreSQL's text output exactly as sent, which for {@code text},
	 * {@code varchar}, {@code char(n)} and enums is the string itself. Works for every type.
	 */
	default @Nullable String getString(String name) {
		return get(name, String.class);
	}

	/**
	 * Reads {@code int8}, {@code int4}, {@code int2}, {@code oid}, {@code xid} and
	 * {@code numeric} holding a whole number.
	 */
	default @Nullable Long getLong(String name) {
		return get(name, Long.class);
	}

	/** Reads {@code int4}, {@code int2}, and {@code int8}, {@code oid} or whole {@code numeric} values that fit. */
	default @Nullable Integer getInt(String name) {
		return get(name, Integer.class);
	}

	/** Reads {@code int2}, and other integers or whole {@code numeric} values that fit. */
	default @Nullable Short getShort(String name) {
		return get(name, Short.class);
	}

	/** Reads {@code bool}. */
	default @Nullable Boolean getBoolean(String name) {
		return get(name, Boolean.class);
	}

	/**
	 * Reads {@code numeric} of any precision, integers and finite {@code float4}/{@code float8};
	 * {@code NaN} and {@code ±Infinity} throw (see {@link #getDouble(String)}).
	 */
	default @Nullable BigDecimal getBigDecimal(String name) {
		return get(name, BigDecimal.class);
	}

	/**
	 * Reads {@code float8}, {@code float4}, {@code numeric} (rounded to the nearest double) and
	 * integers; {@code NaN}, {@code Infinity} and {@code -Infinity} are the double's own.
	 */
	default @Nullable Double getDouble(String name) {
		return get(name, Double.class);
	}

	/** Reads {@code float4}. */
	default @Nullable Float getFloat(String name) {
		return get(name, Float.class);
	}

	/** Reads {@code uuid}. */
	default @Nullable UUID getUuid(String name) {
		return get(name, UUID.class);
	}

	/** Reads {@code date}. */
	default @Nullable LocalDate getLocalDate(String name) {
		return get(name, LocalDate.class);
	}

	/** Reads {@code time}. */
	default @Nullable LocalTime getLocalTime(String name) {
		return get(name, LocalTime.class);
	}

	/** Reads {@code timetz}. */
	default @Nullable OffsetTime getOffsetTime(String name) {
		return get(name, OffsetTime.class);
	}

	/** Reads {@code timestamp}. */
	default @Nullable LocalDateTime getLocalDateTime(String name) {
		return get(name, LocalDateTime.class);
	}

	/**
	 * Reads {@code timestamptz}, with the offset PostgreSQL printed: that of the replication
	 * session's {@code TimeZone} at that instant.
	 */
	default @Nullable OffsetDateTime getOffsetDateTime(String name) {
		return get(name, OffsetDateTime.class);
	}

	/** Reads {@code timestamptz}. */
	default @Nullable Instant getInstant(String name) {
		return get(name, Instant.class);
	}

	/** Reads {@code bytea} in either {@code bytea_output} format, as a new array on each call. */
	default byte @Nullable [] getBytes(String name) {
		return get(name, byte[].class);
	}

	/** Reads {@code json} and {@code jsonb}: the JSON text as PostgreSQL printed it. */
	@Nullable String getJson(String name);

	/**
	 * Reads an array as a list of the elements' natural Java types (see
	 * {@link #getObject(String)}), a multi-dimensional array as nested lists.
	 */
	default @Nullable List<@Nullable Object> getList(String name) {
		return getList(name, Object.class);
	}

	/**
	 * Reads a one-dimensional array as a list of {@code elementType}, converting each element as
	 * the getter for that type would ({@code String.class} gives each element's text).
	 * @param name the column's name
	 * @param elementType the elements' Java type
	 * @return the list, with {@code null} for NULL elements, or {@code null} for SQL NULL
	 */
	<T> @Nullable List<@Nullable T> getList(String name, Class<T> elementType);

	/**
	 * The value as its natural Java type: {@code Boolean}; {@code Short}, {@code Integer},
	 * {@code Long} (also for {@code oid} and {@code xid}); {@code BigDecimal} (or
	 * {@code Double} for numeric {@code NaN} and {@code ±Infinity}); {@code Float},
	 * {@code Double}; {@code UUID}; {@code LocalDate}, {@code LocalTime}, {@code OffsetTime},
	 * {@code LocalDateTime}, {@code OffsetDateTime}; {@code byte[]} for {@code bytea}; a
	 * {@code List} for arrays; and the text for everything else, JSON included.
	 */
	default @Nullable Object getObject(String name) {
		return get(name, Object.class);
	}

	/**
	 * The value as {@code type}, as the getter for that type would read it.
	 * @param name the column's name
	 * @param type one of the types {@link #getObject(String)} returns, or {@code Instant}
	 * @return the value, or {@code null} for SQL NULL
	 */
	<T> @Nullable T get(String name, Class<T> type);

}
