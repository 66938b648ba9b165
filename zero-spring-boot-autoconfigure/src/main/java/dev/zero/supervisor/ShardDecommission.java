package dev.zero.supervisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.zero.publication.DdlTriggers;
import dev.zero.replication.ReplicationSlot;
import dev.zero.shard.ShardId;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;

/**
 * Removes what the starter created upstream for one shard, and nothing else: its replication
 * slot, its event triggers, its default publication and its own schema. The application's publications and tables are never
 * touched (replica identities the {@code auto} policy set stay, as they are part of the
 * tables now).
 */
public final class ShardDecommission {

	private final ShardId shard;

	private final String slotName;

	public ShardDecommission(ShardId shard, String slotName) {
		this.shard = shard;
		this.slotName = slotName;
	}

	/**
	 * Drops everything of the shard; returns what it dropped, in words.
	 */
	public List<String> run(Connection connection) throws SQLException {
		List<String> dropped = new ArrayList<>();
		StateSchema schema = new StateSchema(this.shard);
		if (new ReplicationSlot(this.slotName).drop(connection)) {
			dropped.add("slot " + this.slotName);
		}
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			schema.lock(connection);
			DdlTriggers triggers = new DdlTriggers(this.shard);
			if (triggers.dropTriggers(connection)) {
				dropped.add("event triggers " + triggers.startTrigger() + ", " + triggers.endTrigger());
			}
			String publication = this.shard.defaultPublicationName();
			if (exists(connection, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
				statement.execute("DROP PUBLICATION " + Identifiers.quote(publication));
				dropped.add("publication " + publication);
			}
			if (schema.exists(connection)) {
				schema.drop(connection);
				dropped.add("schema " + schema.name());
			}
			connection.commit();
			return dropped;
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private static boolean exists(Connection connection, String sql, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, name);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

}
