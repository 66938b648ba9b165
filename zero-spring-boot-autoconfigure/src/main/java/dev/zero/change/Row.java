package dev.zero.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

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
 */
public final class Row {

	private static final int SHOWN_CHARACTERS = 60;

	private final RowLayout layout;

	private final RowValues values;

	private Row(RowLayout layout, RowValues values) {
		this.layout = layout;
		this.values = values;
	}

	/**
	 * A row reading {@code values} by {@code layout}. This is for the replication code that
	 * turns pgoutput tuples into changes; applications receive rows and never build them.
	 * @param layout the table's columns
	 * @param values the values, one per column of the table
	 * @return the row
	 */
	public static Row of(RowLayout layout, RowValues values) {
		Objects.requireNonNull(layout, "layout must not be null");
		Objects.requireNonNull(values, "values must not be null");
		if (values.size() != layout.width()) {
			throw new IllegalArgumentException("A row of " + layout.table() + " needs " + layout.width()
					+ " values, one per column, but got " + values.size());
		}
		return new Row(layout, values);
	}

	/** The columns in table order (only the key columns for an old key). */
	public List<Column> columns() {
		return this.layout.columns();
	}

	/** Whether this row has a column of that name. */
	public boolean has(String name) {
		return this.layout.indexOf(name) >= 0;
	}

	public Column column(String name) {
		return this.layout.columns().get(index(name));
	}

	/** Whether the value is SQL NULL (an unchanged TOAST value is not). */
	public boolean isNull(String name) {
		return this.values.isNull(this.layout.position(index(name)));
	}

	/**
	 * Whether the value is a TOASTed value the change did not touch. PostgreSQL does not send
	 * such values in the new row of an update, so every getter refuses them; the current value
	 * is the one from before the update.
	 */
	public boolean isUnchangedToast(String name) {
		return this.values.isUnchangedToast(this.layout.position(index(name)));
	}

	/**
	 * The value as text: PostgreSQL's text output exactly as sent, which for {@code text},
	 * {@code varchar}, {@code char(n)} and enums is the string itself. Works for every type.
	 */
	public String getString(String name) {
		return get(name, String.class);
	}

	/**
	 * Reads {@code int8}, {@code int4}, {@code int2}, {@code oid}, {@code xid} and
	 * {@code numeric} holding a whole number.
	 */
	public Long getLong(String name) {
		return get(name, Long.class);
	}

	/** Reads {@code int4}, {@code int2}, and {@code int8}, {@code oid} or whole {@code numeric} values that fit. */
	public Integer getInt(String name) {
		return get(name, Integer.class);
	}

	/** Reads {@code int2}, and other integers or whole {@code numeric} values that fit. */
	public Short getShort(String name) {
		return get(name, Short.class);
	}

	/** Reads {@code bool}. */
	public Boolean getBoolean(String name) {
		return get(name, Boolean.class);
	}

	/**
	 * Reads {@code numeric} of any precision, integers and finite {@code float4}/{@code float8};
	 * {@code NaN} and {@code ±Infinity} throw (see {@link #getDouble(String)}).
	 */
	public BigDecimal getBigDecimal(String name) {
		return get(name, BigDecimal.class);
	}

	/**
	 * Reads {@code float8}, {@code float4}, {@code numeric} (rounded to the nearest double) and
	 * integers; {@code NaN}, {@code Infinity} and {@code -Infinity} are the double's own.
	 */
	public Double getDouble(String name) {
		return get(name, Double.class);
	}

	/** Reads {@code float4}. */
	public Float getFloat(String name) {
		return get(name, Float.class);
	}

	/** Reads {@code uuid}. */
	public UUID getUuid(String name) {
		return get(name, UUID.class);
	}

	/** Reads {@code date}. */
	public LocalDate getLocalDate(String name) {
		return get(name, LocalDate.class);
	}

	/** Reads {@code time}. */
	public LocalTime getLocalTime(String name) {
		return get(name, LocalTime.class);
	}

	/** Reads {@code timetz}. */
	public OffsetTime getOffsetTime(String name) {
		return get(name, OffsetTime.class);
	}

	/** Reads {@code timestamp}. */
	public LocalDateTime getLocalDateTime(String name) {
		return get(name, LocalDateTime.class);
	}

	/**
	 * Reads {@code timestamptz}, with the offset PostgreSQL printed: that of the replication
	 * session's {@code TimeZone} at that instant.
	 */
	public OffsetDateTime getOffsetDateTime(String name) {
		return get(name, OffsetDateTime.class);
	}

	/** Reads {@code timestamptz}. */
	public Instant getInstant(String name) {
		return get(name, Instant.class);
	}

	/** Reads {@code bytea} in either {@code bytea_output} format, as a new array on each call. */
	public byte[] getBytes(String name) {
		return get(name, byte[].class);
	}

	/** Reads {@code json} and {@code jsonb}: the JSON text as PostgreSQL printed it. */
	public String getJson(String name) {
		int index = index(name);
		ColumnType.Kind kind = this.layout.type(index).kind();
		if (kind != ColumnType.Kind.JSON && kind != ColumnType.Kind.UNKNOWN) {
			throw incompatible(index, "JSON");
		}
		return read(index, String.class);
	}

	/**
	 * Reads an array as a list of the elements' natural Java types (see
	 * {@link #getObject(String)}), a multi-dimensional array as nested lists.
	 */
	public List<Object> getList(String name) {
		return getList(name, Object.class);
	}

	/**
	 * Reads a one-dimensional array as a list of {@code elementType}, converting each element as
	 * the getter for that type would ({@code String.class} gives each element's text).
	 * @param name the column's name
	 * @param elementType the elements' Java type
	 * @return the list, with {@code null} for NULL elements, or {@code null} for SQL NULL
	 */
	public <T> List<T> getList(String name, Class<T> elementType) {
		int index = index(name);
		String wanted = (elementType != Object.class) ? "List<" + elementType.getSimpleName() + ">" : "List";
		String text = text(index, wanted);
		if (text == null) {
			return null;
		}
		try {
			return this.layout.type(index).decodeList(text, elementType);
		}
		catch (ColumnType.IncompatibleTypeException ex) {
			throw incompatible(index, wanted);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(index, text, wanted, ex);
		}
	}

	/**
	 * The value as its natural Java type: {@code Boolean}; {@code Short}, {@code Integer},
	 * {@code Long} (also for {@code oid} and {@code xid}); {@code BigDecimal} (or
	 * {@code Double} for numeric {@code NaN} and {@code ±Infinity}); {@code Float},
	 * {@code Double}; {@code UUID}; {@code LocalDate}, {@code LocalTime}, {@code OffsetTime},
	 * {@code LocalDateTime}, {@code OffsetDateTime}; {@code byte[]} for {@code bytea}; a
	 * {@code List} for arrays; and the text for everything else, JSON included.
	 */
	public Object getObject(String name) {
		return get(name, Object.class);
	}

	/**
	 * The value as {@code type}, as the getter for that type would read it.
	 * @param name the column's name
	 * @param type one of the types {@link #getObject(String)} returns, or {@code Instant}
	 * @return the value, or {@code null} for SQL NULL
	 */
	public <T> T get(String name, Class<T> type) {
		return read(index(name), type);
	}

	private <T> T read(int index, Class<T> type) {
		String text = text(index, type.getSimpleName());
		if (text == null) {
			return null;
		}
		try {
			return this.layout.type(index).decode(text, type);
		}
		catch (ColumnType.IncompatibleTypeException ex) {
			throw incompatible(index, type.getSimpleName());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(index, text, type.getSimpleName(), ex);
		}
	}

	private String text(int index, String wanted) {
		int position = this.layout.position(index);
		if (this.values.isUnchangedToast(position)) {
			Column column = this.layout.columns().get(index);
			throw new ColumnValueException(column.name(), describe(column) + " has no value to read as " + wanted
					+ ": it is an unchanged TOAST value, which PostgreSQL does not send when an update leaves it "
					+ "alone (check isUnchangedToast first; with REPLICA IDENTITY FULL the old row has it)");
		}
		return this.values.text(position);
	}

	private int index(String name) {
		int index = this.layout.indexOf(name);
		if (index < 0) {
			String columns = this.layout.columns().stream().map(Column::name).collect(Collectors.joining(", "));
			throw new ColumnValueException(name, this.layout.isKeyOnly()
					? "No column \"" + name + "\" in this old key of " + this.layout.table()
							+ ", which holds only the key columns " + columns
							+ " (the whole old row needs REPLICA IDENTITY FULL)"
					: "No column \"" + name + "\" in " + this.layout.table() + "; its columns are " + columns);
		}
		return index;
	}

	private ColumnValueException incompatible(int index, String wanted) {
		Column column = this.layout.columns().get(index);
		return new ColumnValueException(column.name(),
				describe(column) + " cannot be read as " + wanted + ": its type " + column.typeName()
						+ " has no such values (getObject gives its natural Java type, getString its text)");
	}

	private ColumnValueException invalid(int index, String text, String wanted, IllegalArgumentException ex) {
		Column column = this.layout.columns().get(index);
		return new ColumnValueException(column.name(), describe(column) + " has the value '" + abbreviate(text)
				+ "', which cannot be read as " + wanted + ": " + ex.getMessage(), ex);
	}

	private String describe(Column column) {
		return "Column \"" + column.name() + "\" (" + column.typeName() + ") of " + this.layout.table();
	}

	private static String abbreviate(String text) {
		return (text.length() <= SHOWN_CHARACTERS) ? text
				: text.substring(0, SHOWN_CHARACTERS) + "... (" + text.length() + " characters)";
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof Row that) || !columns().equals(that.columns())) {
			return false;
		}
		for (int i = 0; i < columns().size(); i++) {
			if (!sameValue(this.values, this.layout.position(i), that.values, that.layout.position(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean sameValue(RowValues a, int i, RowValues b, int j) {
		if (a.isUnchangedToast(i) || b.isUnchangedToast(j)) {
			return a.isUnchangedToast(i) && b.isUnchangedToast(j);
		}
		return Objects.equals(a.text(i), b.text(j));
	}

	@Override
	public int hashCode() {
		int hash = columns().hashCode();
		for (int i = 0; i < columns().size(); i++) {
			int position = this.layout.position(i);
			hash = 31 * hash
					+ (this.values.isUnchangedToast(position) ? 1 : Objects.hashCode(this.values.text(position)));
		}
		return hash;
	}

	/** The values as PostgreSQL sent them, long ones shortened, for logs. */
	@Override
	public String toString() {
		StringBuilder builder = new StringBuilder("{");
		for (int i = 0; i < columns().size(); i++) {
			if (i > 0) {
				builder.append(", ");
			}
			builder.append(columns().get(i).name()).append('=');
			int position = this.layout.position(i);
			if (this.values.isUnchangedToast(position)) {
				builder.append("<unchanged toast>");
			}
			else {
				String text = this.values.text(position);
				builder.append((text != null) ? abbreviate(text) : "null");
			}
		}
		return builder.append('}').toString();
	}

}
