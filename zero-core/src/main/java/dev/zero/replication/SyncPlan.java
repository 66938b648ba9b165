package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.change.PublishedSchema;
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;
import dev.zero.upstream.Upstream;

/**
 * What an initial sync copies, read as of the slot's exported snapshot: the published schema
 * (from the shard's {@code published_schema()}) with each column's type modifier (from the
 * table's {@link TableModel}), each table's row filter (the publications' filters combined the
 * way PostgreSQL combines them: a row is published when any publication publishes it) and its
 * size estimate.
 *
 * @param schemaJson the published schema as JSON
 * @param tables the tables to copy
 */
record SyncPlan(String schemaJson, List<InitialSync.CopyTable> tables) {

	static SyncPlan read(Upstream upstream, String snapshot, StateSchema stateSchema, List<String> publications)
			throws SQLException {
		try (Connection connection = upstream.connect()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
				statement.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshot));
			}
			String schemaJson = publishedSchema(connection, stateSchema);
			PublishedSchema schema = PublishedSchemas.parse(schemaJson);
			Map<TableName, String> filters = rowFilters(connection, publications);
			Map<TableName, Long> estimates = estimates(connection, publications);
			Map<TableName, TableModel> models = new HashMap<>();
			TableModels.read(connection, schema.tables().stream().map(TableSchema::table).toList())
				.forEach((model) -> models.put(model.table(), model));
			List<InitialSync.CopyTable> tables = new ArrayList<>();
			for (TableSchema table : schema.tables()) {
				tables.add(new InitialSync.CopyTable(table.table(),
						PublishedSchemas.layout(table, models.get(table.table())), filters.get(table.table()),
						estimates.getOrDefault(table.table(), -1L)));
			}
			connection.rollback();
			return new SyncPlan(schemaJson, tables);
		}
	}

	/** The published schema as the database describes it now (JSON). */
	static String publishedSchema(Connection connection, StateSchema stateSchema) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT " + stateSchema.table("published_schema") + "()::text")) {
			row.next();
			return row.getString(1);
		}
	}

	/**
	 * The combined row filter of each table that has one in every publication publishing it.
	 */
	static Map<TableName, String> rowFilters(Connection connection, List<String> publications)
			throws SQLException {
		Map<TableName, List<String>> filters = new LinkedHashMap<>();
		Map<TableName, Boolean> unfiltered = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT schemaname, tablename, rowfilter FROM pg_publication_tables WHERE pubname = ANY (?)")) {
			statement.setArray(1, connection.createArrayOf("text", publications.toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					TableName table = new TableName(rows.getString(1), rows.getString(2));
					String filter = rows.getString(3);
					if (filter == null) {
						unfiltered.put(table, true);
					}
					else {
						filters.computeIfAbsent(table, (key) -> new ArrayList<>()).add("(" + filter + ")");
					}
				}
			}
		}
		Map<TableName, String> combined = new LinkedHashMap<>();
		filters.forEach((table, list) -> {
			if (!unfiltered.containsKey(table)) {
				combined.put(table, String.join(" OR ", list));
			}
		});
		return combined;
	}

	private static Map<TableName, Long> estimates(Connection connection, List<String> publications)
			throws SQLException {
		Map<TableName, Long> estimates = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT DISTINCT pt.schemaname, pt.tablename, c.reltuples::bigint
				  FROM pg_publication_tables pt
				  JOIN pg_namespace n ON n.nspname = pt.schemaname
				  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
				 WHERE pt.pubname = ANY (?)
				""")) {
			statement.setArray(1, connection.createArrayOf("text", publications.toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					estimates.put(new TableName(rows.getString(1), rows.getString(2)), rows.getLong(3));
				}
			}
		}
		return estimates;
	}

}
