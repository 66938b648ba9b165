package dev.zero.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.shard.OwnershipMark;
import dev.zero.shard.ShardId;
import dev.zero.sql.Identifiers;

/**
 * The shard's own schema in the upstream database, {@code {appId}_spring_{shardNum}}: created on
 * first use with the starter's ownership mark, and migrated forward by numbered steps recorded
 * in its {@code schema_version} table, so that later versions of the starter can evolve it. A
 * schema of that name without the mark is somebody else's and is never written to. Callers
 * hold the shard's setup lock, so concurrent application instances never race here.
 */
public final class StateSchema {

	/**
	 * One step of the schema's history. Steps are never edited once released: a change is a
	 * new step.
	 */
	record Migration(int version, String description, String sql) {

	}

	/** The tables the starter keeps in the schema. */
	public static final List<String> TABLES = List.of("schema_version", "shard_config", "replication_state",
			"listener_position", "resync", "dead_letter");

	/** The functions the starter keeps in the schema (the DDL detection's). */
	public static final List<String> FUNCTIONS = List.of("ddl_start", "ddl_end", "published_schema");

	private final ShardId shard;

	private final String schema;

	public StateSchema(ShardId shard) {
		this.shard = shard;
		this.schema = Identifiers.quote(shard.internalSchema());
	}

	public String name() {
		return this.shard.internalSchema();
	}

	/** {@code "schema"."table"} for a table of this schema. */
	public String table(String table) {
		return this.schema + "." + Identifiers.quote(table);
	}

	/** The version {@link #migrate} brings the schema to. */
	public int latestVersion() {
		return migrations().stream().mapToInt(Migration::version).max().orElse(0);
	}

	List<Migration> migrations() {
		return List.of(new Migration(1, "shard configuration", """
				CREATE TABLE %1$s.shard_config (
				    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
				    publications     text[] NOT NULL,
				    publication_mode text NOT NULL,
				    ddl_detection    text NOT NULL,
				    replica_identity text NOT NULL,
				    updated_at       timestamptz NOT NULL DEFAULT now()
				);
				CREATE TABLE %1$s.replication_state (
				    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
				    slot_name         text,
				    last_reset_reason text,
				    last_reset_at     timestamptz
				);
				""".formatted(this.schema)), new Migration(2, "replication state and published schema", """
				ALTER TABLE %1$s.replication_state
				    ADD COLUMN synced              boolean NOT NULL DEFAULT false,
				    ADD COLUMN synced_publications text[],
				    ADD COLUMN published_schema    jsonb,
				    ADD COLUMN reset_pending       text,
				    ADD COLUMN last_sync_rows      bigint,
				    ADD COLUMN last_synced_at      timestamptz;
				ALTER TABLE %1$s.shard_config ADD COLUMN schemas text[] NOT NULL DEFAULT '{}';
				""".formatted(this.schema)), new Migration(3, "moving from the names of earlier versions", """
				ALTER TABLE %1$s.replication_state
				    ADD COLUMN legacy_publications      text[],
				    ADD COLUMN drop_legacy_publications boolean NOT NULL DEFAULT false,
				    ADD COLUMN publications_switch_lsn  pg_lsn,
				    ADD COLUMN legacy_slot              text;
				""".formatted(this.schema)), new Migration(4, "what the transactional listeners committed", """
				CREATE TABLE %1$s.listener_position (
				    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
				    lsn        pg_lsn NOT NULL,
				    updated_at timestamptz NOT NULL DEFAULT now()
				);
				""".formatted(this.schema)), new Migration(5, "tables re-read while streaming", """
				CREATE TABLE %1$s.resync (
				    table_schema text NOT NULL,
				    table_name   text NOT NULL,
				    requested_at timestamptz NOT NULL DEFAULT now(),
				    last_key     text[],
				    chunks       integer NOT NULL DEFAULT 0,
				    rows         bigint NOT NULL DEFAULT 0,
				    completed_at timestamptz,
				    PRIMARY KEY (table_schema, table_name)
				);
				""".formatted(this.schema)), new Migration(6, "the upstream cluster and timeline streamed from", """
				ALTER TABLE %1$s.replication_state
				    ADD COLUMN system_identifier text,
				    ADD COLUMN timeline          integer;
				""".formatted(this.schema)), new Migration(7, "changes listeners gave up on", """
				CREATE TABLE %1$s.dead_letter (
				    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				    table_schema text NOT NULL,
				    table_name   text NOT NULL,
				    op           text NOT NULL,
				    lsn          pg_lsn NOT NULL,
				    xid          bigint NOT NULL,
				    commit_time  timestamptz NOT NULL,
				    row_columns  jsonb,
				    old_columns  jsonb,
				    listener     text NOT NULL,
				    error        text NOT NULL,
				    stack_trace  text NOT NULL,
				    attempts     integer NOT NULL,
				    created_at   timestamptz NOT NULL DEFAULT now()
				);
				""".formatted(this.schema)));
	}

	/**
	 * Takes the shard's setup lock for the current transaction: serializes every change the
	 * starter makes upstream across application instances.
	 */
	public void lock(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), ?)")) {
			statement.setString(1, "zero/" + this.shard.appId());
			statement.setInt(2, this.shard.shardNum());
			statement.execute();
		}
	}

	/**
	 * Creates the schema when missing and applies the steps it has not seen; returns the
	 * version it is at. Runs in the caller's transaction.
	 */
	public int migrate(Connection connection) throws SQLException {
		OwnershipMark mark = new OwnershipMark(this.shard);
		String comment = comment(connection);
		if (comment == null && !exists(connection)) {
			create(connection);
		}
		else if (!mark.marks(comment)) {
			throw new SQLException("schema " + name() + " exists but was not created by the starter for shard "
					+ this.shard + "; it is left alone", "42P06");
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS " + table("schema_version") + " ("
					+ "version int PRIMARY KEY, description text NOT NULL, "
					+ "applied_at timestamptz NOT NULL DEFAULT now())");
		}
		int current = currentVersion(connection);
		for (Migration migration : migrations()) {
			if (migration.version() > current) {
				try (Statement statement = connection.createStatement()) {
					statement.execute(migration.sql());
				}
				try (PreparedStatement record = connection.prepareStatement(
						"INSERT INTO " + table("schema_version") + " (version, description) VALUES (?, ?)")) {
					record.setInt(1, migration.version());
					record.setString(2, migration.description());
					record.executeUpdate();
				}
				current = migration.version();
			}
		}
		return current;
	}

	/** Creates the schema with the starter's ownership mark; runs in the caller's transaction. */
	public void create(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + this.schema);
			statement.execute("COMMENT ON SCHEMA " + this.schema + " IS "
					+ Identifiers.literal(new OwnershipMark(this.shard).comment()));
		}
	}

	/** The schema's comment, or {@code null} when it has none or does not exist. */
	public @Nullable String comment(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
			statement.setString(1, name());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}

	/** Whether the schema exists. */
	public boolean exists(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
			statement.setString(1, name());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

	private int currentVersion(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + table("schema_version"))) {
			row.next();
			return row.getInt(1);
		}
	}

}
