package dev.zero.test.change;

import dev.zero.change.Row;
import dev.zero.change.TableName;

/**
 * Rows for unit tests, which read exactly as the rows of a change from the stream: the same
 * getters, conversions and errors, over the text PostgreSQL would have sent for each value.
 * <pre>{@code
 * Row todo = Rows.of("todo").key("id", 1L).column("title", "water the plants").column("done", false).build();
 * }</pre>
 * The type of each column follows from its Java value ({@code Long} is {@code int8},
 * {@code String} is {@code text}, a {@code List} an array) or is named.
 */
public final class Rows {

	private Rows() {
	}

	/**
	 * A builder of rows of a table.
	 * @param table {@code schema.table}, or {@code table} for a table in {@code public}
	 * @return the builder
	 */
	public static RowBuilder of(String table) {
		return new RowBuilder(TableName.parse(table));
	}

	/**
	 * A builder of rows of a table.
	 * @param table the table
	 * @return the builder
	 */
	public static RowBuilder of(TableName table) {
		return new RowBuilder(table);
	}

}
