package dev.zero.debezium;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.zero.change.TableName;

/**
 * What the catalog declares about a published table: its columns in table order and the
 * columns of its record key (the primary key, else the replica identity index's columns,
 * else none, as with {@code REPLICA IDENTITY FULL} on a table without a primary key).
 *
 * @param table the table
 * @param columns its columns in table order
 * @param key the names of its key columns
 */
public record TableTypes(TableName table, List<DeclaredColumn> columns, List<String> key) {

	public TableTypes {
		columns = List.copyOf(columns);
		key = List.copyOf(key);
	}

	/** A table the catalog does not know (any more): nothing declared. */
	public static TableTypes unknown(TableName table) {
		return new TableTypes(table, List.of(), List.of());
	}

	/** Whether the catalog described the table. */
	public boolean isKnown() {
		return !this.columns.isEmpty();
	}

	public @Nullable DeclaredColumn column(String name) {
		for (DeclaredColumn column : this.columns) {
			if (column.name().equals(name)) {
				return column;
			}
		}
		return null;
	}

	/** The columns by name. */
	Map<String, DeclaredColumn> byName() {
		Map<String, DeclaredColumn> result = new LinkedHashMap<>();
		this.columns.forEach((column) -> result.put(column.name(), column));
		return result;
	}

}
