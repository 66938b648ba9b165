package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;
import dev.zero.sql.Identifiers;

/**
 * The shard's logical replication slot: found, created with the {@code pgoutput} plugin when
 * missing, or dropped. A slot of that name that belongs to another database or another plugin
 * is never used, nor touched.
 */
public final class ReplicationSlot {

	private final String name;

	public ReplicationSlot(String name) {
		this.name = name;
	}

	public String name() {
		return this.name;
	}

	/**
	 * What the server says about the slot.
	 *
	 * @param database the database it decodes
	 * @param plugin its output plugin
	 * @param confirmedFlush its confirmed position
	 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
	 * @param activePid the process using it, or 0
	 * @param invalidationReason why the server invalidated it ({@code invalidation_reason},
	 * PostgreSQL 17+), or {@code null}
	 * @param failover whether it is synchronized to standbys to survive a promotion
	 * ({@code failover}, PostgreSQL 17+), or {@code null} before 17
	 */
	public record Info(String database, String plugin, Lsn confirmedFlush, String walStatus, int activePid,
			@Nullable String invalidationReason, @Nullable Boolean failover) {

		public Info(String database, String plugin, Lsn confirmedFlush, String walStatus, int activePid,
				@Nullable String invalidationReason) {
			this(database, plugin, confirmedFlush, walStatus, activePid, invalidationReason, null);
		}

		/** Whether the server invalidated the slot: it can no longer stream. */
		public boolean invalidated() {
			return "lost".equals(this.walStatus) || this.invalidationReason != null;
		}

	}

	/**
	 * The slot as the server has it now, if it exists.
	 */
	public Optional<Info> inspect(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT database, plugin, confirmed_flush_lsn::text, wal_status, coalesce(active_pid, 0),
				       to_jsonb(s) ->> 'invalidation_reason', to_jsonb(s) ->> 'failover'
				  FROM pg_replication_slots s WHERE slot_name = ?
				""")) {
			statement.setString(1, this.name);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return Optional.empty();
				}
				String confirmed = row.getString(3);
				String failover = row.getString(7);
				return Optional.of(new Info(row.getString(1), row.getString(2),
						(confirmed != null) ? Lsn.parse(confirmed) : Lsn.INVALID, row.getString(4), row.getInt(5),
						row.getString(6), (failover != null) ? Boolean.valueOf(failover) : null));
			}
		}
	}

	/**
	 * Where a new slot starts, and the snapshot it exported (for an initial copy that the
	 * stream continues without gap or overlap).
	 *
	 * @param consistentPoint the position the slot's stream starts from
	 * @param snapshotName the exported snapshot, or {@code null} when none was asked for
	 */
	public record Created(Lsn consistentPoint, @Nullable String snapshotName) {

	}

	/**
	 * Creates the slot on a replication connection. The exported snapshot stays valid until
	 * that connection runs its next command.
	 * @param replication a replication connection to the shard's database
	 * @param serverMajor the server's major version
	 * @param failover whether to create it with FAILOVER (ignored before PostgreSQL 17)
	 * @param exportSnapshot whether to export a snapshot
	 */
	public Created create(Connection replication, int serverMajor, boolean failover, boolean exportSnapshot)
			throws SQLException {
		String options = "SNAPSHOT '" + (exportSnapshot ? "export" : "nothing") + "'"
				+ ((failover && serverMajor >= 17) ? ", FAILOVER" : "");
		try (Statement statement = replication.createStatement();
				ResultSet row = statement.executeQuery(
						"CREATE_REPLICATION_SLOT " + Identifiers.quote(this.name) + " LOGICAL pgoutput (" + options + ")")) {
			row.next();
			return new Created(Lsn.parse(row.getString("consistent_point")), row.getString("snapshot_name"));
		}
	}

	/**
	 * Sets whether the slot is synchronized to standbys to survive a promotion (PostgreSQL 17+,
	 * {@code ALTER_REPLICATION_SLOT}; pgjdbc has no call for it). Fails with SQLSTATE 55006 while
	 * another session streams from it.
	 * @param replication a replication connection to the slot's database
	 * @param failover the flag
	 */
	public void alterFailover(Connection replication, boolean failover) throws SQLException {
		try (Statement statement = replication.createStatement()) {
			statement.execute("ALTER_REPLICATION_SLOT " + Identifiers.quote(this.name) + " (FAILOVER " + failover + ")");
		}
	}

	/**
	 * Checks that an existing slot of this name is one the shard may use.
	 */
	public void verify(Connection connection, Info info) throws SQLException {
		String database = connection.getCatalog();
		if (!database.equals(info.database()) || !"pgoutput".equals(info.plugin())) {
			throw new SQLException("The replication slot " + this.name + " exists but decodes database "
					+ info.database() + " with plugin " + info.plugin() + "; this shard needs one for database "
					+ database + " with pgoutput. Set zero.replication.slot-name to another name.", "42710");
		}
	}

	/** Drops the slot if it exists and nobody uses it. */
	public boolean drop(Connection connection) throws SQLException {
		Optional<Info> existing = inspect(connection);
		if (existing.isEmpty()) {
			return false;
		}
		verify(connection, existing.get());
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
			statement.setString(1, this.name);
			statement.execute();
			return true;
		}
	}

}
