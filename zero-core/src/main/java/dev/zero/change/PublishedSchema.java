package dev.zero.change;

import java.util.List;
import java.util.Optional;

/**
 * The tables the shard's publications publish, with their columns and keys.
 *
 * @param tables the tables, ordered by schema and name
 */
public record PublishedSchema(List<TableSchema> tables) {

	public static final PublishedSchema EMPTY = new PublishedSchema(List.of());

	public PublishedSchema {
		tables = List.copyOf(tables);
	}

	public Optional<TableSchema> table(TableName name) {
		return this.tables.stream().filter((table) -> table.table().equals(name)).findFirst();
	}

}
