package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.zero.change.TableName;
import dev.zero.sql.Identifiers;

/**
 * The columns a table is re-read by, chunk after chunk in their order: its replica identity
 * index, else its primary key, in the index's column order. A table with neither (REPLICA
 * IDENTITY FULL or NOTHING without a primary key) has none and cannot be read in chunks.
 */
final class ChunkKey {

	private ChunkKey() {
	}

	static List<String> of(Connection connection, TableName table) throws SQLException {
		List<String> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT a.attname
				  FROM pg_class c
				  JOIN pg_index i ON i.indrelid = c.oid
				   AND CASE WHEN c.relreplident = 'i' THEN i.indisreplident ELSE i.indisprimary END
				  JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
				  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
				 WHERE c.oid = to_regclass(?)
				 ORDER BY k.position
				""")) {
			statement.setString(1, Identifiers.qualified(table.schema(), table.name()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					columns.add(rows.getString(1));
				}
			}
		}
		return columns;
	}

}
