package dev.zero.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.catalog.TableColumn;
import dev.zero.catalog.TableModel;
import dev.zero.change.Column;
import dev.zero.change.ColumnSchema;
import dev.zero.change.PublishedSchema;
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.pgoutput.RelationColumn;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.row.RowLayout;
import dev.zero.shard.ShardId;

/**
 * Reads the published schema that the shard's {@code published_schema()} function and its
 * DDL triggers write as JSON, and compares it with the relation descriptions in the stream.
 */
final class PublishedSchemas {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PublishedSchemas() {
	}

	static PublishedSchema parse(@Nullable String json) {
		if (json == null || json.isBlank()) {
			return PublishedSchema.EMPTY;
		}
		return parse(JSON.readTree(json));
	}

	static PublishedSchema parse(JsonNode tables) {
		List<TableSchema> result = new ArrayList<>();
		for (JsonNode table : tables) {
			List<ColumnSchema> columns = new ArrayList<>();
			for (JsonNode column : table.path("columns")) {
				columns.add(new ColumnSchema(column.path("name").asString(), column.path("type").asString(),
						column.path("typeName").asString(), column.path("typeOid").asInt()));
			}
			List<String> key = new ArrayList<>();
			for (JsonNode name : table.path("key")) {
				key.add(name.asString());
			}
			result.add(new TableSchema(new TableName(table.path("schema").asString(), table.path("name").asString()),
					columns, key));
		}
		return new PublishedSchema(result);
	}

	/** The schema as the JSON {@code published_schema()} writes. */
	static String toJson(PublishedSchema schema) {
		ArrayNode tables = JSON.createArrayNode();
		for (TableSchema table : schema.tables()) {
			ObjectNode node = tables.addObject();
			node.put("schema", table.table().schema());
			node.put("name", table.table().name());
			ArrayNode columns = node.putArray("columns");
			for (ColumnSchema column : table.columns()) {
				columns.addObject()
					.put("name", column.name())
					.put("type", column.type())
					.put("typeName", column.typeName())
					.put("typeOid", column.typeOid());
			}
			ArrayNode key = node.putArray("key");
			table.key().forEach(key::add);
		}
		return JSON.writeValueAsString(tables);
	}

	/**
	 * A DDL message of the starter's event triggers: {@code {format, tag, statement, before,
	 * after}}.
	 */
	record DdlMessage(String tag, String statement, PublishedSchema before, PublishedSchema after) {

		/**
		 * Reads a message with the shard's DDL prefix; empty when it is not the starter's: the
		 * {@code format} field is {@link ShardId#DDL_MESSAGE_FORMAT}, or, for {@code legacy}
		 * messages (the prefix earlier versions used, which zero-cache uses too), there is no
		 * {@code format} and the fields earlier versions wrote are present.
		 */
		static Optional<DdlMessage> parse(String json, boolean legacy) {
			JsonNode node;
			try {
				node = JSON.readTree(json);
			}
			catch (JacksonException ex) {
				return Optional.empty();
			}
			boolean ours = legacy
					? node.isObject() && !node.has("format") && node.has("tag") && node.has("statement")
							&& node.path("before").isArray() && node.path("after").isArray()
					: ShardId.DDL_MESSAGE_FORMAT.equals(node.path("format").asString(null));
			if (!ours) {
				return Optional.empty();
			}
			return Optional.of(new DdlMessage(node.path("tag").asString(), node.path("statement").asString(),
					PublishedSchemas.parse(node.path("before")), PublishedSchemas.parse(node.path("after"))));
		}

	}

	/**
	 * The row layout of a published table, for rows copied by an initial sync or a re-sync,
	 * with each column's type modifier from {@code model} as a Relation message would send it
	 * (none without a model).
	 */
	static RowLayout layout(TableSchema table, @Nullable TableModel model) {
		return RowLayout.of(table.table(), table.columns().stream().map((column) -> {
			TableColumn declared = (model != null) ? model.column(column.name()) : null;
			return new Column(column.name(), column.typeOid(), column.typeName(),
					(declared != null) ? declared.typeModifier() : -1, table.key().contains(column.name()));
		}).toList());
	}

	/** The names of a published table's columns. */
	static List<String> columnNames(TableSchema table) {
		return table.columns().stream().map(ColumnSchema::name).toList();
	}

	/** The table a relation message describes. */
	static TableName tableOf(RelationMessage relation) {
		return new TableName(relation.namespace().isEmpty() ? "pg_catalog" : relation.namespace(), relation.name());
	}

	/**
	 * How {@code relation} differs from what {@code schema} says of its table, or {@code null}
	 * when it does not.
	 */
	static @Nullable String difference(PublishedSchema schema, RelationMessage relation) {
		TableName name = tableOf(relation);
		TableSchema table = schema.table(name).orElse(null);
		if (table == null) {
			return "table " + name + " is newly published";
		}
		List<RelationColumn> columns = relation.columns();
		if (columns.size() != table.columns().size()) {
			return "table " + name + " now has " + columns.size() + " published columns, had "
					+ table.columns().size();
		}
		for (int i = 0; i < columns.size(); i++) {
			RelationColumn actual = columns.get(i);
			ColumnSchema expected = table.columns().get(i);
			if (!actual.name().equals(expected.name())) {
				return "column " + expected.name() + " of " + name + " is now " + actual.name();
			}
			if (actual.typeOid() != expected.typeOid()) {
				return "column " + actual.name() + " of " + name + " changed type";
			}
			if (actual.key() != table.key().contains(actual.name())) {
				return "the key of " + name + " changed";
			}
		}
		return null;
	}

}
