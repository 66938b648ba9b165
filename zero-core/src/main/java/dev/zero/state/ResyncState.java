package dev.zero.state;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.change.TableName;

/**
 * A table re-read while the stream goes on, as the shard's {@code resync} table records it:
 * requested, then advanced chunk by chunk (the key of the last row of the last chunk whose
 * rows were delivered and acknowledged), then completed. A re-sync that was interrupted
 * resumes after its last recorded chunk.
 *
 * @param table the table
 * @param requestedAt when it was requested
 * @param lastKey the key of the last row delivered, one text per key column; {@code null}
 * before the first chunk
 * @param chunks the chunks delivered
 * @param rows the rows delivered
 * @param completedAt when the last chunk was delivered, or {@code null} while it goes on
 */
public record ResyncState(TableName table, Instant requestedAt, @Nullable List<String> lastKey, int chunks, long rows,
		@Nullable Instant completedAt) {

	/** Whether rows are still to be read. */
	public boolean pending() {
		return this.completedAt == null;
	}

	/**
	 * Requests a re-sync of {@code table}, from its first row; one already going on starts
	 * over.
	 */
	public static void request(Connection connection, StateSchema schema, TableName table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.table("resync")
				+ " (table_schema, table_name) VALUES (?, ?) ON CONFLICT (table_schema, table_name) DO UPDATE SET "
				+ "requested_at = now(), last_key = NULL, chunks = 0, rows = 0, completed_at = NULL")) {
			statement.setString(1, table.schema());
			statement.setString(2, table.name());
			statement.executeUpdate();
		}
	}

	/** Every re-sync recorded, pending ones first, each group in the order requested. */
	public static List<ResyncState> read(Connection connection, StateSchema schema) throws SQLException {
		List<ResyncState> all = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT table_schema, table_name, requested_at, "
				+ "last_key, chunks, rows, completed_at FROM " + schema.table("resync")
				+ " ORDER BY completed_at IS NOT NULL, requested_at, table_schema, table_name");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				Array key = rows.getArray(4);
				Timestamp completed = rows.getTimestamp(7);
				all.add(new ResyncState(new TableName(rows.getString(1), rows.getString(2)),
						rows.getTimestamp(3).toInstant(),
						(key != null) ? Arrays.asList((String[]) key.getArray()) : null, rows.getInt(5), rows.getLong(6),
						(completed != null) ? completed.toInstant() : null));
			}
		}
		return all;
	}

	/**
	 * Records a chunk whose rows were delivered and acknowledged.
	 * @param lastKey the key of its last row
	 * @param rows its rows
	 * @param last whether it was the table's last chunk
	 */
	public static void chunkDone(Connection connection, StateSchema schema, TableName table, List<String> lastKey,
			long rows, boolean last) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + schema.table("resync")
				+ " SET last_key = coalesce(?, last_key), chunks = chunks + 1, rows = rows + ?, completed_at = "
				+ "CASE WHEN ? THEN now() END WHERE table_schema = ? AND table_name = ?")) {
			statement.setArray(1, lastKey.isEmpty() ? null : connection.createArrayOf("text", lastKey.toArray()));
			statement.setLong(2, rows);
			statement.setBoolean(3, last);
			statement.setString(4, table.schema());
			statement.setString(5, table.name());
			statement.executeUpdate();
		}
	}

	/** Forgets a re-sync that cannot go on (the table is no longer published). */
	public static void cancel(Connection connection, StateSchema schema, TableName table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"DELETE FROM " + schema.table("resync") + " WHERE table_schema = ? AND table_name = ?")) {
			statement.setString(1, table.schema());
			statement.setString(2, table.name());
			statement.executeUpdate();
		}
	}

	/** Forgets every re-sync: a full reset copied every table. */
	public static void clear(Connection connection, StateSchema schema) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + schema.table("resync"))) {
			statement.executeUpdate();
		}
	}

}
