package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Makes one session at a time the reader of a slot: a session-level advisory lock, held for as
 * long as the session streams or copies, so that two instances of an application never both
 * consume, not even while one of them copies tables before its stream starts.
 */
final class Leadership {

	private Leadership() {
	}

	/**
	 * Takes the lock on {@code connection} for {@code slotName}.
	 * @return whether it was taken: {@code false} while another session holds it
	 */
	static boolean acquire(Connection connection, String slotName) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pg_try_advisory_lock(hashtext('zero/replication'), hashtext(?))")) {
			statement.setString(1, slotName);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getBoolean(1);
			}
		}
	}

	/** The process that holds the lock for {@code slotName}, or 0 when it is gone already. */
	static int holder(Connection connection, String slotName) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT pid FROM pg_locks
				 WHERE locktype = 'advisory' AND granted AND objsubid = 2
				   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
				   AND classid = (hashtext('zero/replication')::bigint & 4294967295)::oid
				   AND objid = (hashtext(?)::bigint & 4294967295)::oid
				""")) {
			statement.setString(1, slotName);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? row.getInt(1) : 0;
			}
		}
	}

}
