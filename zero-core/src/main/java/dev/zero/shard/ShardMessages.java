package dev.zero.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;

/**
 * The logical messages the starter writes into the WAL for a shard, and the one place that
 * emits them ({@code pg_logical_emit_message}): whether each is transactional, its prefix (see
 * {@link ShardId}) and its content. The DDL messages are the exception: the shard's event
 * triggers emit them on the server, with {@link #ddlPrefix()}. It never emits a message with
 * a prefix that is not the shard's.
 *
 * @param shard the shard whose messages these are
 */
public record ShardMessages(ShardId shard) {

	/**
	 * Emits the non-transactional, empty wake-up message, which the shard's stream receives and
	 * skips: an idle stream wakes and follows the server, and a heartbeat comes back through a
	 * stream that is alive.
	 * @return where the message was written
	 */
	public Lsn wake(Connection connection) throws SQLException {
		return emit(connection, false, this.shard.wakeMessagePrefix(), "");
	}

	/**
	 * Marks the transaction in hand on {@code connection} as written by the shard's
	 * transactional listeners, where no replication origin marks it: an empty transactional
	 * message, emitted first so that the stream knows before any change.
	 */
	public void markOwnWrites(Connection connection) throws SQLException {
		emit(connection, true, this.shard.ownWritesMessagePrefix(), "");
	}

	/**
	 * Emits a re-sync watermark, a transactional message that brackets a chunk of a table
	 * re-read while streaming, in {@code connection}'s transaction (its own in auto-commit).
	 * @param content which watermark of which chunk
	 * @return where the message was written
	 */
	public Lsn watermark(Connection connection, String content) throws SQLException {
		return emit(connection, true, this.shard.resyncMessagePrefix(), content);
	}

	/** Whether {@code message} is one of the shard's re-sync watermarks. */
	public boolean isWatermark(LogicalMessage message) {
		return message.transactional() && this.shard.resyncMessagePrefix().equals(message.prefix());
	}

	/**
	 * The prefix of the transactional DDL messages the shard's event triggers emit, which
	 * they do on the server, in the DDL's transaction.
	 */
	public String ddlPrefix() {
		return this.shard.ddlMessagePrefix();
	}

	private static Lsn emit(Connection connection, boolean transactional, String prefix, String content)
			throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pg_wal_lsn_diff(pg_logical_emit_message(?, ?, ?::text), '0/0')::int8")) {
			statement.setBoolean(1, transactional);
			statement.setString(2, prefix);
			statement.setString(3, content);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return Lsn.of(row.getLong(1));
			}
		}
	}

}
