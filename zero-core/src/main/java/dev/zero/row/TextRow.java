package dev.zero.row;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Column;
import dev.zero.change.ColumnValueException;
import dev.zero.change.Row;

/**
 * The {@link Row} listeners receive: the {@link RowLayout} shared by all rows of a table over
 * the {@link RowValues} of one row. It decodes a value from PostgreSQL's text output (or, for a
 * row of binary {@code COPY}, from the value's binary form, to the same result) only when a
 * getter asks for it, and never copies the values.
 */
final class TextRow implements Row {

	private static final int SHOWN_CHARACTERS = 60;

	private final RowLayout layout;

	private final RowValues values;

	TextRow(RowLayout layout, RowValues values) {
		this.layout = layout;
		this.values = values;
	}

	@Override
	public List<Column> columns() {
		return this.layout.columns();
	}

	@Override
	public boolean has(String name) {
		return this.layout.indexOf(name) >= 0;
	}

	@Override
	public Column column(String name) {
		return this.layout.columns().get(index(name));
	}

	@Override
	public boolean isNull(String name) {
		return this.values.isNull(this.layout.position(index(name)));
	}

	@Override
	public boolean isUnchangedToast(String name) {
		return this.values.isUnchangedToast(this.layout.position(index(name)));
	}

	@Override
	public @Nullable String getJson(String name) {
		int index = index(name);
		ColumnType.Kind kind = this.layout.type(index).kind();
		if (kind != ColumnType.Kind.JSON && kind != ColumnType.Kind.UNKNOWN) {
			throw incompatible(index, "JSON");
		}
		return read(index, String.class);
	}

	@Override
	public <T> @Nullable List<@Nullable T> getList(String name, Class<T> elementType) {
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

	@Override
	public <T> @Nullable T get(String name, Class<T> type) {
		return read(index(name), type);
	}

	private <T> @Nullable T read(int index, Class<T> type) {
		if (this.values instanceof BinaryTuple binary) {
			int position = this.layout.position(index);
			try {
				return binary.read(position, type);
			}
			catch (ColumnType.IncompatibleTypeException ex) {
				throw incompatible(index, type.getSimpleName());
			}
			catch (IllegalArgumentException ex) {
				throw invalid(index, shownText(binary, position), type.getSimpleName(), ex);
			}
		}
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

	private static String shownText(BinaryTuple binary, int position) {
		try {
			return String.valueOf(binary.text(position));
		}
		catch (IllegalArgumentException ex) {
			return "(bytes that are no value of the type)";
		}
	}

	private @Nullable String text(int index, String wanted) {
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
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof TextRow that) || !columns().equals(that.columns())) {
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
