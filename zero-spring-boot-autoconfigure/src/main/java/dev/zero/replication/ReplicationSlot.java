package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import dev.zero.change.Lsn;
import dev.zero.sql.Identifiers;

/**
 * The shard's logical replication slot: found, created with the {@code pgoutput} plugin when
 * missing, or dropped. A slot of that name that belongs to another database or another plugin
 * is never used, nor touched.
 */
public final class ReplicationSlot {

	/** The duplicate_object SQLSTATE: another instance created the slot first. */
	private static final String DUPLICATE_OBJECT = "42710";

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
	 */
	public record Info(String database, String plugin, Lsn confirmedFlush, String walStatus, int activePid) {

	}

	/**
	 * The slot as the server has it now, if it exists.
	 */
	public Optional<Info> inspect(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT database, plugin, confirmed_flush_lsn::text, wal_status, coalesce(active_pid, 0)
				  FROM pg_replication_slots WHERE slot_name = ?
				""")) {
			statement.setString(1, this.name);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return Optional.empty();
				}
				String confirmed = row.getString(3);
				return Optional.of(new Info(row.getString(1), row.getString(2),
						(confirmed != null) ? Lsn.parse(confirmed) : Lsn.INVALID, row.getString(4), row.getInt(5)));
			}
		}
	}

	/**
	 * Makes sure the slot exists and is one this shard may use: creates it when missing.
	 * @param connection an ordinary connection to the shard's database
	 * @param replication a replication connection to the same database
	 * @param failover whether to create it with FAILOVER (ignored before PostgreSQL 17)
	 * @return whether it was created now
	 */
	public boolean ensure(Connection connection, Connection replication, boolean failover) throws SQLException {
		Optional<Info> existing = inspect(connection);
		if (existing.isPresent()) {
			verify(connection, existing.get());
			return false;
		}
		try (Statement statement = replication.createStatement()) {
			int version = connection.getMetaData().getDatabaseMajorVersion();
			String options = "SNAPSHOT 'nothing'" + ((failover && version >= 17) ? ", FAILOVER" : "");
			statement.execute("CREATE_REPLICATION_SLOT " + Identifiers.quote(this.name) + " LOGICAL pgoutput ("
					+ options + ")");
			return true;
		}
		catch (SQLException ex) {
			if (DUPLICATE_OBJECT.equals(ex.getSQLState())) {
				verify(connection, inspect(connection).orElseThrow(() -> ex));
				return false;
			}
			throw ex;
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

	private void verify(Connection connection, Info info) throws SQLException {
		String database = connection.getCatalog();
		if (!database.equals(info.database()) || !"pgoutput".equals(info.plugin())) {
			throw new SQLException("The replication slot " + this.name + " exists but decodes database "
					+ info.database() + " with plugin " + info.plugin() + "; this shard needs one for database "
					+ database + " with pgoutput. Set zero.replication.slot-name to another name.", "42710");
		}
	}

}
