package dev.zero.ownership;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;
import dev.zero.replication.ReplicationSlot;
import dev.zero.shard.ShardId;
import dev.zero.shard.ShardId.LegacyNames;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;

/**
 * Moves a shard from the names versions before 0.2 used (which are zero-cache's names too:
 * schema {@code {appId}_{shardNum}}, publication {@code _{appId}_public_{shardNum}}, slot
 * {@code {appId}_{shardNum}}, event triggers {@code {appId}_ddl_start_{shardNum}}) to the
 * current ones without starting replicated state over: the state tables move to the new
 * schema, the slot is copied at its position, the old event triggers and functions go, and
 * the stream keeps reading the old publication until it has passed the point where the new
 * one exists (a slot cannot decode a publication from before its creation). Only what the
 * earlier version created is moved or dropped: its tables and functions by name, its
 * triggers by their functions, its slot as recorded, its publication unless a zero-cache
 * shares the schema (then it is zero-cache's and stays).
 */
public final class LegacyMigration {

	private final ShardId shard;

	private final String slotName;

	private final StateSchema schema;

	/**
	 * @param shard the shard
	 * @param slotName the slot the shard uses now
	 */
	public LegacyMigration(ShardId shard, String slotName) {
		this.shard = shard;
		this.slotName = slotName;
		this.schema = new StateSchema(shard);
	}

	/**
	 * The state tables versions before 0.2 kept (their schema's migrations 1 to 3); the
	 * migrations after them run once the tables are under the new names.
	 */
	private static final List<String> LEGACY_TABLES = List.of("schema_version", "shard_config", "replication_state");

	/**
	 * Moves the shard's state from its old names when there is state there and none under
	 * the new ones. Runs in the caller's transaction under the shard's setup lock, before
	 * anything else writes in it (a slot cannot be copied after writes).
	 * @return what it did, in words; empty when there was nothing to move
	 */
	public List<String> run(Connection connection) throws SQLException {
		LegacyNames legacy = this.shard.legacy();
		if (this.schema.exists(connection) || !hasStateTables(connection, legacy.schema())) {
			return List.of();
		}
		boolean zeroCacheShares = ZeroCacheShards.read(connection).isShardSchema(legacy.schema());
		LegacyState state = LegacyState.read(connection, legacy.schema());
		List<String> done = new ArrayList<>();
		boolean moveSlot = copySlot(connection, legacy, state, done);
		String from = Identifiers.quote(legacy.schema());
		try (Statement statement = connection.createStatement()) {
			dropTriggers(connection, statement, legacy, done);
			this.schema.create(connection);
			for (String table : LEGACY_TABLES) {
				statement.execute("ALTER TABLE " + from + "." + Identifiers.quote(table) + " SET SCHEMA "
						+ Identifiers.quote(this.schema.name()));
			}
			done.add("moved tables " + String.join(", ", LEGACY_TABLES) + " from schema " + legacy.schema() + " to "
					+ this.schema.name());
			for (String function : StateSchema.FUNCTIONS) {
				statement.execute("DROP FUNCTION IF EXISTS " + from + "." + Identifiers.quote(function) + "()");
			}
		}
		this.schema.migrate(connection);
		if (moveSlot) {
			update(connection, "UPDATE %s SET slot_name = ?, legacy_slot = ?", "replication_state", this.slotName,
					legacy.slot());
		}
		if (state.defaultPublication() && state.publications().contains(legacy.publication())) {
			String current = this.shard.defaultPublicationName();
			update(connection, "UPDATE %s SET publications = array_replace(publications, ?, ?)", "shard_config",
					legacy.publication(), current);
			try (PreparedStatement statement = connection.prepareStatement("UPDATE "
					+ this.schema.table("replication_state")
					+ " SET synced_publications = array_replace(synced_publications, ?, ?),"
					+ " legacy_publications = ARRAY[?], drop_legacy_publications = ?, publications_switch_lsn = NULL")) {
				statement.setString(1, legacy.publication());
				statement.setString(2, current);
				statement.setString(3, legacy.publication());
				statement.setBoolean(4, !zeroCacheShares);
				statement.executeUpdate();
			}
			done.add("publication " + current + " replaces " + legacy.publication() + ", which the stream reads "
					+ "until it has passed this point" + (zeroCacheShares ? " (it is zero-cache's and stays)"
							: " and which is then dropped"));
		}
		if (!zeroCacheShares) {
			Savepoint savepoint = connection.setSavepoint();
			try (Statement statement = connection.createStatement()) {
				// RESTRICT: only when nothing else lives there
				statement.execute("DROP SCHEMA " + from + " RESTRICT");
				connection.releaseSavepoint(savepoint);
				done.add("dropped the empty schema " + legacy.schema());
			}
			catch (SQLException ex) {
				connection.rollback(savepoint);
				done.add("left schema " + legacy.schema() + ": it holds objects the starter did not create");
			}
		}
		return done;
	}

	/**
	 * Finishes a move once it may: drops the old slot when nothing reads it, records where the
	 * stream may switch to the new publication, and drops the old publication (when it was the
	 * starter's) once the slot has passed that point. Runs after {@link #run}'s transaction
	 * committed, in auto-commit; writes nothing when nothing is pending.
	 * @return what it did, in words
	 */
	public List<String> finish(Connection connection) throws SQLException {
		List<String> done = new ArrayList<>();
		if (!this.schema.exists(connection)) {
			return done;
		}
		String legacySlot;
		String[] legacyPublications;
		boolean dropPublications;
		String switchLsn;
		try (Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT legacy_slot, legacy_publications, "
						+ "drop_legacy_publications, publications_switch_lsn::text FROM "
						+ this.schema.table("replication_state"))) {
			if (!row.next()) {
				return done;
			}
			legacySlot = row.getString(1);
			Array publications = row.getArray(2);
			legacyPublications = (publications != null) ? (String[]) publications.getArray() : null;
			dropPublications = row.getBoolean(3);
			switchLsn = row.getString(4);
		}
		if (legacySlot != null) {
			ReplicationSlot slot = new ReplicationSlot(legacySlot);
			Optional<ReplicationSlot.Info> info = slot.inspect(connection);
			if (info.isEmpty() || info.get().activePid() == 0) {
				if (info.isPresent()) {
					slot.drop(connection);
					done.add("dropped slot " + legacySlot + ", copied to " + this.slotName);
				}
				update(connection, "UPDATE %s SET legacy_slot = NULL", "replication_state");
			}
		}
		if (legacyPublications == null) {
			return done;
		}
		if (switchLsn == null) {
			update(connection, "UPDATE %s SET publications_switch_lsn = pg_current_wal_lsn()", "replication_state");
			return done;
		}
		Optional<ReplicationSlot.Info> slot = new ReplicationSlot(this.slotName).inspect(connection);
		if (slot.isPresent() && slot.get().confirmedFlush().compareTo(Lsn.parse(switchLsn)) < 0) {
			return done;
		}
		if (dropPublications) {
			try (Statement statement = connection.createStatement()) {
				for (String publication : legacyPublications) {
					statement.execute("DROP PUBLICATION IF EXISTS " + Identifiers.quote(publication));
					done.add("dropped publication " + publication + ", replaced by "
							+ this.shard.defaultPublicationName());
				}
			}
		}
		update(connection, "UPDATE %s SET legacy_publications = NULL, drop_legacy_publications = false, "
				+ "publications_switch_lsn = NULL", "replication_state");
		return done;
	}

	private boolean copySlot(Connection connection, LegacyNames legacy, LegacyState state, List<String> done)
			throws SQLException {
		if (!legacy.slot().equals(state.slotName()) || !this.slotName.equals(this.shard.defaultSlotName())) {
			return false;
		}
		ReplicationSlot old = new ReplicationSlot(legacy.slot());
		Optional<ReplicationSlot.Info> info = old.inspect(connection);
		if (info.isEmpty()) {
			return false;
		}
		old.verify(connection, info.get());
		if (info.get().activePid() != 0) {
			throw new SQLException("slot " + legacy.slot() + " of an earlier version of the starter is in use by pid "
					+ info.get().activePid() + "; stop the instances that run the earlier version, then this one "
					+ "moves the shard to its new names", "55006");
		}
		ReplicationSlot target = new ReplicationSlot(this.slotName);
		if (target.inspect(connection).isPresent()) {
			// left by a move that did not commit: nothing else can have this shard's new slot name yet
			target.drop(connection);
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pg_copy_logical_replication_slot(?, ?)")) {
			statement.setString(1, legacy.slot());
			statement.setString(2, this.slotName);
			statement.execute();
		}
		done.add("copied slot " + legacy.slot() + " to " + this.slotName + " at its position");
		return true;
	}

	private void dropTriggers(Connection connection, Statement statement, LegacyNames legacy, List<String> done)
			throws SQLException {
		List<String> ours = new ArrayList<>();
		try (PreparedStatement query = connection.prepareStatement("""
				SELECT e.evtname FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid
				 WHERE e.evtname IN (?, ?) AND p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = ?)
				   AND p.proname IN ('ddl_start', 'ddl_end')
				""")) {
			query.setString(1, legacy.ddlStartTrigger());
			query.setString(2, legacy.ddlEndTrigger());
			query.setString(3, legacy.schema());
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					ours.add(rows.getString(1));
				}
			}
		}
		for (String trigger : ours) {
			statement.execute("DROP EVENT TRIGGER " + Identifiers.quote(trigger));
		}
		if (!ours.isEmpty()) {
			done.add("dropped event triggers " + String.join(", ", ours));
		}
	}

	private void update(Connection connection, String sql, String table, String... values) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql.formatted(this.schema.table(table)))) {
			for (int i = 0; i < values.length; i++) {
				statement.setString(i + 1, values[i]);
			}
			statement.executeUpdate();
		}
	}

	private static boolean hasStateTables(Connection connection, String schema) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				 WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname = ANY (?)
				""")) {
			statement.setString(1, schema);
			statement.setArray(2, connection.createArrayOf("text", LEGACY_TABLES.toArray()));
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getInt(1) == LEGACY_TABLES.size();
			}
		}
	}

	/**
	 * What the earlier version recorded.
	 *
	 * @param slotName the slot it read
	 * @param publications the publications it used
	 * @param defaultPublication whether they were its default publication
	 */
	private record LegacyState(@Nullable String slotName, List<String> publications, boolean defaultPublication) {

		static LegacyState read(Connection connection, String schema) throws SQLException {
			String from = Identifiers.quote(schema) + ".";
			try (Statement statement = connection.createStatement();
					ResultSet row = statement.executeQuery("SELECT (SELECT slot_name FROM " + from
							+ "replication_state), c.publications, c.publication_mode IN ('schema', 'tables') FROM "
							+ from + "shard_config c")) {
				if (!row.next()) {
					return new LegacyState(null, List.of(), false);
				}
				return new LegacyState(row.getString(1), Arrays.asList((String[]) row.getArray(2).getArray()),
						row.getBoolean(3));
			}
		}

	}

}
