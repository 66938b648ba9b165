package dev.zero.row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Column;
import dev.zero.change.Row;
import dev.zero.change.TableName;

/**
 * The columns of a table's rows, with everything needed to read values by name worked out once:
 * the name-to-position index and each column's decoding. The replication code builds one per
 * table description and makes all {@link Row}s of that table with it; it never holds values.
 */
public final class RowLayout {

	private final TableName table;

	private final List<Column> columns;

	private final ColumnType[] types;

	private final int[] positions;

	private final int width;

	private final Map<String, Integer> indexes;

	/** The names, interned: a listener's names are usually literals, found by identity. */
	private final String[] names;

	private final boolean keyOnly;

	private volatile @Nullable RowLayout keyColumns;

	private RowLayout(TableName table, List<Column> columns, ColumnType[] types, int[] positions, int width,
			boolean keyOnly) {
		this.table = table;
		this.columns = List.copyOf(columns);
		this.types = types;
		this.positions = positions;
		this.width = width;
		this.keyOnly = keyOnly;
		this.indexes = new HashMap<>(columns.size() * 2);
		this.names = new String[columns.size()];
		for (int i = 0; i < columns.size(); i++) {
			this.names[i] = columns.get(i).name().intern();
			if (this.indexes.put(columns.get(i).name(), i) != null) {
				throw new IllegalArgumentException(
						"Column \"" + columns.get(i).name() + "\" appears twice in the columns of " + table);
			}
		}
	}

	/**
	 * The layout of rows with the given columns, in table order.
	 * @param table the table, for messages
	 * @param columns the columns, as many as each row has values
	 * @return the layout
	 */
	public static RowLayout of(TableName table, List<Column> columns) {
		Objects.requireNonNull(table, "table must not be null");
		ColumnType[] types = new ColumnType[columns.size()];
		int[] positions = new int[columns.size()];
		for (int i = 0; i < types.length; i++) {
			Column column = columns.get(i);
			types[i] = ColumnType.of(column.typeOid(), column.typeName());
			positions[i] = i;
		}
		return new RowLayout(table, columns, types, positions, columns.size(), false);
	}

	/**
	 * A column as pgoutput describes it: a type that is not built in is named by the Type
	 * message that came before, a built-in type (which pgoutput never describes) by its OID.
	 * @param name the column's name
	 * @param typeOid the OID of the column's type
	 * @param typeName the type's name from its Type message, or {@code null} when none came
	 * @param key whether the column is part of the replica identity
	 * @return the column, without a type modifier
	 */
	public static Column column(String name, int typeOid, @Nullable String typeName, boolean key) {
		return column(name, typeOid, typeName, -1, key);
	}

	/**
	 * A column as pgoutput describes it, with the type modifier its Relation message sends.
	 * @param name the column's name
	 * @param typeOid the OID of the column's type
	 * @param typeName the type's name from its Type message, or {@code null} when none came
	 * @param typeModifier the type modifier, -1 when there is none
	 * @param key whether the column is part of the replica identity
	 * @return the column
	 */
	public static Column column(String name, int typeOid, @Nullable String typeName, int typeModifier, boolean key) {
		if (typeName == null) {
			String builtin = BuiltinTypes.name(typeOid);
			typeName = (builtin != null) ? builtin : "unknown type " + Integer.toUnsignedString(typeOid);
		}
		return new Column(name, typeOid, typeName, typeModifier, key);
	}

	/**
	 * A row reading {@code values} by this layout.
	 * @param values the values, one per column of the table (also for a layout of
	 * {@link #keyColumns()})
	 * @return the row
	 */
	public Row row(RowValues values) {
		Objects.requireNonNull(values, "values must not be null");
		if (values.size() != this.width) {
			throw new IllegalArgumentException("A row of " + this.table + " needs " + this.width
					+ " values, one per column, but got " + values.size());
		}
		return new TextRow(this, values);
	}

	/**
	 * Whether every column reads from its binary form to the same values and text as from the
	 * text a session with these settings prints, so that rows may be copied in binary.
	 * @param settings the settings of the session that copies
	 * @return whether {@link #binaryRow(byte[], int)} can make this layout's rows
	 */
	public boolean readsBinary(OutputSettings settings) {
		for (ColumnType type : this.types) {
			if (!type.readsBinary(settings)) {
				return false;
			}
		}
		return !this.keyOnly;
	}

	/**
	 * A row reading one tuple of binary {@code COPY}, for a layout that
	 * {@link #readsBinary(OutputSettings) reads binary}; the row keeps {@code data}, which
	 * must not change afterwards.
	 * @param data the bytes holding the tuple, which ends where they end
	 * @param offset where the tuple starts
	 * @return the row
	 * @throws IllegalArgumentException if the bytes are not a tuple of this layout's width
	 */
	public Row binaryRow(byte[] data, int offset) {
		return new TextRow(this, BinaryTuple.read(this.types, data, offset));
	}

	public TableName table() {
		return this.table;
	}

	public List<Column> columns() {
		return this.columns;
	}

	/**
	 * A layout of only the key columns, for old keys: pgoutput sends them as full-width rows
	 * whose other columns are null, and a row built with this layout hides those columns
	 * rather than reporting them as NULL.
	 * @return the layout of the key columns, reading the same row values
	 */
	public RowLayout keyColumns() {
		RowLayout keys = this.keyColumns;
		if (keys == null) {
			List<Column> keyColumns = new ArrayList<>();
			List<ColumnType> keyTypes = new ArrayList<>();
			List<Integer> keyPositions = new ArrayList<>();
			for (int i = 0; i < this.columns.size(); i++) {
				if (this.columns.get(i).key()) {
					keyColumns.add(this.columns.get(i));
					keyTypes.add(this.types[i]);
					keyPositions.add(this.positions[i]);
				}
			}
			keys = new RowLayout(this.table, keyColumns, keyTypes.toArray(new ColumnType[0]),
					keyPositions.stream().mapToInt(Integer::intValue).toArray(), this.width, true);
			this.keyColumns = keys;
		}
		return keys;
	}

	int width() {
		return this.width;
	}

	boolean isKeyOnly() {
		return this.keyOnly;
	}

	/** The index in {@link #columns()} of the named column, or -1. */
	int indexOf(String name) {
		String[] names = this.names;
		for (int i = 0; i < names.length && i < 16; i++) {
			if (names[i] == name) {
				return i;
			}
		}
		Integer index = this.indexes.get(name);
		return (index != null) ? index : -1;
	}

	/** Where the value of column {@code index} is in the row values. */
	int position(int index) {
		return this.positions[index];
	}

	ColumnType type(int index) {
		return this.types[index];
	}

	@Override
	public String toString() {
		return this.table + this.columns.stream().map(Column::name).toList().toString();
	}

}
