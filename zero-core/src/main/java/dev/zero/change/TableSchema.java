package dev.zero.change;

import java.util.List;

/**
 * A published table: its published columns in table order and its key (the columns of its
 * replica identity; empty when it is FULL).
 *
 * @param table the table
 * @param columns its published columns
 * @param key the names of its key columns
 */
public record TableSchema(TableName table, List<ColumnSchema> columns, List<String> key) {

	public TableSchema {
		columns = List.copyOf(columns);
		key = List.copyOf(key);
	}

}
