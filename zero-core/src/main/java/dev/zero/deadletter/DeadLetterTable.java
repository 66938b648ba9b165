package dev.zero.deadletter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.zero.change.Change;
import dev.zero.change.Lsn;
import dev.zero.change.TableName;
import dev.zero.shard.ShardId;
import dev.zero.state.StateSchema;

/**
 * The shard's {@code dead_letter} table, in its own schema (created by {@link StateSchema}'s
 * migrations, never in anybody else's): writes, lists, reads and deletes dead letters on the
 * caller's connection.
 */
public final class DeadLetterTable {

	private static final String COLUMNS = "id, table_schema, table_name, op, lsn::text, xid, commit_time, "
			+ "row_columns::text, old_columns::text, listener, error, stack_trace, attempts, created_at";

	private final String table;

	public DeadLetterTable(ShardId shard) {
		this.table = new StateSchema(shard).table("dead_letter");
	}

	/**
	 * Stores a dead letter.
	 * @return its id
	 */
	public long insert(Connection connection, DeadLetter letter) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + this.table
				+ " (table_schema, table_name, op, lsn, xid, commit_time, row_columns, old_columns, listener, error,"
				+ " stack_trace, attempts) VALUES (?, ?, ?, ?::pg_lsn, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?) RETURNING id")) {
			statement.setString(1, letter.table().schema());
			statement.setString(2, letter.table().name());
			statement.setString(3, letter.op().toString());
			statement.setString(4, letter.lsn().toString());
			statement.setLong(5, letter.xid());
			statement.setTimestamp(6, Timestamp.from(letter.commitTime()));
			statement.setString(7, DeadLetter.columnsText(letter.row()));
			statement.setString(8, DeadLetter.columnsText(letter.old()));
			statement.setString(9, letter.listener());
			statement.setString(10, letter.error());
			statement.setString(11, letter.stackTrace());
			statement.setInt(12, letter.attempts());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/** The oldest dead letters first, at most {@code limit}. */
	public List<DeadLetter> list(Connection connection, int limit) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT " + COLUMNS + " FROM " + this.table + " ORDER BY id LIMIT ?")) {
			statement.setInt(1, limit);
			try (ResultSet rows = statement.executeQuery()) {
				List<DeadLetter> letters = new ArrayList<>();
				while (rows.next()) {
					letters.add(read(rows));
				}
				return letters;
			}
		}
	}

	/** The dead letter with id {@code id}, if there is one. */
	public Optional<DeadLetter> find(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT " + COLUMNS + " FROM " + this.table + " WHERE id = ?")) {
			statement.setLong(1, id);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? Optional.of(read(rows)) : Optional.empty();
			}
		}
	}

	/** Deletes the dead letter with id {@code id}; whether there was one. */
	public boolean delete(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + this.table + " WHERE id = ?")) {
			statement.setLong(1, id);
			return statement.executeUpdate() == 1;
		}
	}

	private static DeadLetter read(ResultSet rows) throws SQLException {
		return new DeadLetter(rows.getLong(1), new TableName(rows.getString(2), rows.getString(3)),
				Change.Op.valueOf(rows.getString(4).toUpperCase(java.util.Locale.ROOT)), Lsn.parse(rows.getString(5)),
				rows.getLong(6), rows.getTimestamp(7).toInstant(), DeadLetter.parseColumns(rows.getString(8)),
				DeadLetter.parseColumns(rows.getString(9)), rows.getString(10), rows.getString(11),
				rows.getString(12), rows.getInt(13), rows.getTimestamp(14).toInstant());
	}

}
