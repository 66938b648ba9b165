package dev.zero.supervisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.zero.ownership.ShardObjects;
import dev.zero.publication.DdlTriggers;
import dev.zero.replication.ReplicationSlot;
import dev.zero.shard.OwnershipMark;
import dev.zero.shard.ShardId;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;
import dev.zero.state.SyncState;

/**
 * Removes what the starter created upstream for one shard, and nothing else: the slot its
 * state records, its marked event triggers, its marked default publication, and its own
 * tables and functions; its schema only when nothing else lives there (never with
 * {@code CASCADE}). The application's publications and tables are never touched (replica
 * identities the {@code auto} policy set stay, as they are part of the tables now). It says
 * what it removed and what it left, and why.
 */
public final class ShardDecommission {

	/**
	 * What a decommission did.
	 *
	 * @param removed what it dropped, in words
	 * @param left what it found with the shard's names and left, each with the reason
	 */
	public record Outcome(List<String> removed, List<String> left) {

	}

	private final ShardId shard;

	private final String slotName;

	public ShardDecommission(ShardId shard, String slotName) {
		this.shard = shard;
		this.slotName = slotName;
	}

	/**
	 * Drops everything of the shard that the starter created.
	 */
	public Outcome run(Connection connection) throws SQLException {
		List<String> removed = new ArrayList<>();
		List<String> left = new ArrayList<>();
		StateSchema schema = new StateSchema(this.shard);
		boolean schemaOurs = new OwnershipMark(this.shard).marks(schema.comment(connection));
		List<String> slots = schemaOurs ? recordedSlots(connection, schema) : List.of();
		for (String name : slots) {
			if (new ReplicationSlot(name).drop(connection)) {
				removed.add("slot " + name);
			}
		}
		if (!slots.contains(this.slotName) && new ReplicationSlot(this.slotName).inspect(connection).isPresent()) {
			left.add("slot " + this.slotName + ": the shard's state does not record it as the starter's");
		}
		if (schemaOurs && dropOrigin(connection)) {
			removed.add("replication origin " + this.shard.replicationOrigin());
		}
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			schema.lock(connection);
			for (ShardObjects.Foreign foreign : new ShardObjects(this.shard).foreign(connection, true)) {
				left.add(foreign.kind() + " " + foreign.name() + ": it belongs to " + foreign.owner());
			}
			DdlTriggers triggers = new DdlTriggers(this.shard);
			if (triggers.dropTriggers(connection)) {
				removed.add("event triggers " + triggers.startTrigger() + ", " + triggers.endTrigger());
			}
			String publication = this.shard.defaultPublicationName();
			if (new OwnershipMark(this.shard).marks(publicationComment(connection, publication))) {
				statement.execute("DROP PUBLICATION " + Identifiers.quote(publication));
				removed.add("publication " + publication);
			}
			if (schemaOurs) {
				dropSchema(connection, statement, schema, removed, left);
			}
			connection.commit();
			return new Outcome(removed, left);
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	/**
	 * Drops the replication origin of the shard's transactional listeners, when it exists;
	 * a role that may not use origins never created one.
	 */
	private boolean dropOrigin(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT has_function_privilege('pg_replication_origin_oid(text)', 'EXECUTE') "
						+ "AND has_function_privilege('pg_replication_origin_drop(text)', 'EXECUTE')")) {
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				if (!row.getBoolean(1)) {
					return false;
				}
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT pg_replication_origin_drop(?) WHERE pg_replication_origin_oid(?) IS NOT NULL")) {
			statement.setString(1, this.shard.replicationOrigin());
			statement.setString(2, this.shard.replicationOrigin());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

	private void dropSchema(Connection connection, Statement statement, StateSchema schema, List<String> removed,
			List<String> left) throws SQLException {
		String quoted = Identifiers.quote(schema.name());
		for (String function : StateSchema.FUNCTIONS) {
			statement.execute("DROP FUNCTION IF EXISTS " + quoted + "." + Identifiers.quote(function) + "()");
		}
		for (String table : StateSchema.TABLES) {
			statement.execute("DROP TABLE IF EXISTS " + schema.table(table));
		}
		Savepoint savepoint = connection.setSavepoint();
		try {
			statement.execute("DROP SCHEMA " + quoted + " RESTRICT");
			connection.releaseSavepoint(savepoint);
			removed.add("schema " + schema.name());
		}
		catch (SQLException ex) {
			connection.rollback(savepoint);
			removed.add("the starter's tables and functions in schema " + schema.name());
			left.add("schema " + schema.name() + ": it also holds " + String.join(", ", otherObjects(connection, schema))
					+ ", which the starter did not create");
		}
	}

	private static List<String> recordedSlots(Connection connection, StateSchema schema) throws SQLException {
		List<String> slots = new ArrayList<>();
		Optional.ofNullable(SyncState.read(connection, schema).slotName()).ifPresent(slots::add);
		try (Statement statement = connection.createStatement();
				ResultSet row = statement
					.executeQuery("SELECT legacy_slot FROM " + schema.table("replication_state") + " WHERE legacy_slot IS NOT NULL")) {
			while (row.next()) {
				slots.add(row.getString(1));
			}
		}
		return slots;
	}

	private static List<String> otherObjects(Connection connection, StateSchema schema) throws SQLException {
		List<String> names = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT 'relation ' || relname FROM pg_class WHERE relnamespace = ?::regnamespace
				UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = ?::regnamespace
				UNION ALL SELECT 'type ' || typname FROM pg_type t WHERE typnamespace = ?::regnamespace
				   AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid)
				   AND t.typelem = 0
				ORDER BY 1 LIMIT 20
				""")) {
			String quoted = Identifiers.quote(schema.name());
			statement.setString(1, quoted);
			statement.setString(2, quoted);
			statement.setString(3, quoted);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					names.add(rows.getString(1));
				}
			}
		}
		return names;
	}

	private static @Nullable String publicationComment(Connection connection, String publication)
			throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = ?")) {
			statement.setString(1, publication);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}

}
