package dev.zero.test.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Column;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.row.PostgresTextOutput;
import dev.zero.row.RowLayout;

/**
 * The columns of a row, in table order, with their values: {@link #build()} makes the row a
 * change carries, {@link #buildKey()} the old key a delete carries. Values are kept as the
 * text PostgreSQL prints for them, so the row's getters convert them exactly as at run time.
 * A builder may be reused; each build makes a new row.
 */
public final class RowBuilder {

	/** The SQL names of built-in types, to their {@code pg_type.typname}. */
	private static final Map<String, String> SQL_NAMES = Map.ofEntries(Map.entry("smallint", "int2"),
			Map.entry("integer", "int4"), Map.entry("int", "int4"), Map.entry("bigint", "int8"),
			Map.entry("boolean", "bool"), Map.entry("real", "float4"), Map.entry("double precision", "float8"),
			Map.entry("decimal", "numeric"), Map.entry("character varying", "varchar"),
			Map.entry("character", "bpchar"), Map.entry("char", "bpchar"),
			Map.entry("timestamp without time zone", "timestamp"),
			Map.entry("timestamp with time zone", "timestamptz"), Map.entry("time without time zone", "time"),
			Map.entry("time with time zone", "timetz"));

	private final TableName table;

	private final List<Column> columns = new ArrayList<>();

	private final List<@Nullable String> texts = new ArrayList<>();

	private final List<Boolean> unchanged = new ArrayList<>();

	RowBuilder(TableName table) {
		this.table = Objects.requireNonNull(table, "table must not be null");
	}

	/** The table the rows belong to. */
	public TableName table() {
		return this.table;
	}

	/**
	 * A column of the replica identity (the primary key), its type following from the value.
	 * @param name the column's name
	 * @param value the value (see {@link #column(String, Object)})
	 * @return this builder
	 */
	public RowBuilder key(String name, @Nullable Object value) {
		return add(name, value, null, true);
	}

	/**
	 * A column of the replica identity, of the named type.
	 * @param name the column's name
	 * @param value the value (see {@link #column(String, Object, String)})
	 * @param type the column's type
	 * @return this builder
	 */
	public RowBuilder key(String name, @Nullable Object value, String type) {
		return add(name, value, type, true);
	}

	/**
	 * A column whose type follows from its value: {@code Boolean} is {@code bool},
	 * {@code Short}, {@code Integer} and {@code Long} are {@code int2}, {@code int4} and
	 * {@code int8}, {@code BigDecimal} is {@code numeric}, {@code Float} and {@code Double} are
	 * {@code float4} and {@code float8}, {@code String} is {@code text}, then {@code UUID},
	 * {@code LocalDate} ({@code date}), {@code LocalTime} ({@code time}), {@code OffsetTime}
	 * ({@code timetz}), {@code LocalDateTime} ({@code timestamp}), {@code OffsetDateTime} and
	 * {@code Instant} ({@code timestamptz}), {@code byte[]} ({@code bytea}), and a {@code List}
	 * is an array of its elements' type. {@code null} is SQL NULL in a {@code text} column.
	 * @param name the column's name
	 * @param value the value
	 * @return this builder
	 */
	public RowBuilder column(String name, @Nullable Object value) {
		return add(name, value, null, false);
	}

	/**
	 * A column of the named type: {@code jsonb}, {@code int8}, {@code text[]}, {@code bigint},
	 * or {@code schema.type} for a type of the database's own (an enum). A string value is taken
	 * as the text PostgreSQL prints (for JSON: {@code "{\"a\": 1}"}, as {@code jsonb} prints
	 * it); any other value is printed as for {@link #column(String, Object)}.
	 * @param name the column's name
	 * @param value the value, {@code null} for SQL NULL
	 * @param type the column's type
	 * @return this builder
	 */
	public RowBuilder column(String name, @Nullable Object value, String type) {
		return add(name, value, type, false);
	}

	/**
	 * A column holding a TOASTed value the update did not touch, which PostgreSQL does not send:
	 * {@link Row#isUnchangedToast(String)} is true and every getter refuses it.
	 * @param name the column's name
	 * @param type the column's type
	 * @return this builder
	 */
	public RowBuilder unchangedToast(String name, String type) {
		this.columns.add(column(name, type, false));
		this.texts.add(null);
		this.unchanged.add(true);
		return this;
	}

	/**
	 * The row with every column.
	 * @return the row
	 */
	public Row build() {
		return layout().row(values());
	}

	/**
	 * The row with only its key columns, as the old row of a delete, or of an update that
	 * changed the key, without {@code REPLICA IDENTITY FULL}.
	 * @return the old key
	 * @throws IllegalStateException if no column is a key column
	 */
	public Row buildKey() {
		if (this.columns.stream().noneMatch(Column::key)) {
			throw new IllegalStateException("No key column in this row of " + this.table
					+ "; add the key with key(name, value)");
		}
		return layout().keyColumns().row(values());
	}

	private RowLayout layout() {
		return RowLayout.of(this.table, this.columns);
	}

	private ListedRowValues values() {
		return new ListedRowValues(this.texts, this.unchanged);
	}

	private RowBuilder add(String name, @Nullable Object value, @Nullable String type, boolean key) {
		Objects.requireNonNull(name, "name must not be null");
		String typeName = (type != null) ? type : (value != null) ? PostgresTextOutput.typeName(value) : "text";
		this.columns.add(column(name, typeName, key));
		this.texts.add((value == null) ? null
				: (value instanceof String text && type != null) ? text : PostgresTextOutput.text(value));
		this.unchanged.add(false);
		return this;
	}

	private Column column(String name, String type, boolean key) {
		String typeName = typeName(type);
		int oid = PostgresTextOutput.typeOid(typeName);
		if (oid == 0 && !typeName.contains(".")) {
			throw new IllegalArgumentException("Column \"" + name + "\" of " + this.table + ": '" + type
					+ "' is not a built-in type; name a type of the database's own with its schema (public.mood)");
		}
		return new Column(name, oid, typeName, key);
	}

	/** {@code pg_type.typname} of a type named as in SQL: {@code bigint} is {@code int8}, {@code text[]} {@code _text}. */
	private static String typeName(String type) {
		String name = type.trim();
		if (name.endsWith("[]")) {
			return "_" + typeName(name.substring(0, name.length() - 2));
		}
		String lower = name.toLowerCase(Locale.ROOT);
		return SQL_NAMES.getOrDefault(lower, name.contains(".") ? name : lower);
	}

}
