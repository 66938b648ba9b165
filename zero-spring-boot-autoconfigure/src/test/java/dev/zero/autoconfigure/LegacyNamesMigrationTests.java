package dev.zero.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.ChangeListener;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.shard.OwnershipMark;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deployment of an earlier version (names {@code {appId}_{shardNum}}, {@code _{appId}_public_{shardNum}},
 * slot {@code {appId}_{shardNum}}, triggers {@code {appId}_ddl_start_{shardNum}}: zero-cache's
 * names) moves to the current names when the new version starts: no reset, nothing lost, the
 * old objects gone. The earlier layout is made by running this version and turning its objects
 * back into what the earlier version created (the same tables, functions and triggers under
 * the old names, without ownership marks).
 */
class LegacyNamesMigrationTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void anEarlierDeploymentMovesToTheNewNamesWithoutAResetAndLosesNothing() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA mig", "CREATE TABLE mig.t (id int PRIMARY KEY, v text)",
				"INSERT INTO mig.t VALUES (1, 'before')");
		runOnce(database, new ZeroCacheNeighbourTests.Changes());
		demoteToEarlierVersion(database, "mig", false);
		database.execute("INSERT INTO mig.t VALUES (2, 'while the application was down')");

		ZeroCacheNeighbourTests.Changes changes = new ZeroCacheNeighbourTests.Changes();
		context(database, changes).run((context) -> {
			ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING
						&& changes.inserted("t").size() == 1);
			assertThat(changes.resets).as("the move starts nothing over").isEmpty();
			assertThat(changes.inserted("t").get(0).row().getInt("id")).isEqualTo(2);
			database.execute("INSERT INTO mig.t VALUES (3, 'after the move')");
			await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("t").size() == 2);
			await().atMost(Duration.ofSeconds(30)).until(() -> database.queryForLong(
					"SELECT count(*) FROM pg_publication WHERE pubname = '_mig_public_0'") == 0);
			assertThat(changes.resets).isEmpty();
		});
		assertThat(database.queryForString("SELECT string_agg(slot_name, ',') FROM pg_replication_slots"))
			.isEqualTo("mig_spring_0");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'mig_0'")).isZero();
		assertThat(database.queryForString("SELECT string_agg(evtname, ',' ORDER BY evtname) FROM pg_event_trigger"))
			.isEqualTo("mig_spring_ddl_end_0,mig_spring_ddl_start_0");
		String mark = new OwnershipMark(new ShardId("mig", 0)).comment();
		assertThat(database.queryForString(
				"SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'mig_spring_0'"))
			.isEqualTo(mark);
		assertThat(database.queryForString(
				"SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = '_mig_spring_public_0'"))
			.isEqualTo(mark);
	}

	@Test
	void aSchemaSharedWithZeroCacheKeepsZeroCachesObjects() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA shr", "CREATE TABLE shr.t (id int PRIMARY KEY)", "INSERT INTO shr.t VALUES (1)");
		runOnce(database, new ZeroCacheNeighbourTests.Changes(), "zero.app-id=shr", "zero.publication.schemas=shr");
		// the earlier version put its tables into zero-cache's shard schema, beside zero-cache's own
		demoteToEarlierVersion(database, "shr", true);
		database.execute("INSERT INTO shr.t VALUES (2)");
		ZeroCacheNeighbourTests.Changes changes = new ZeroCacheNeighbourTests.Changes();
		context(database, changes, "zero.app-id=shr", "zero.publication.schemas=shr").run((context) -> {
			ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> changes.inserted("t").size() == 1);
			database.execute("INSERT INTO shr.t VALUES (3)");
			await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("t").size() == 2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING);
			assertThat(changes.resets).isEmpty();
		});
		assertThat(database.queryForString("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c "
				+ "WHERE c.relnamespace = 'shr_0'::regnamespace AND c.relkind = 'r'")).isEqualTo("shardConfig");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication WHERE pubname = '_shr_public_0'"))
			.as("zero-cache's publication stays").isOne();
	}

	private static void runOnce(TestDatabase database, ZeroCacheNeighbourTests.Changes changes, String... properties) {
		context(database, changes, properties).run((context) -> {
			ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING);
		});
	}

	private static org.springframework.boot.test.context.runner.ApplicationContextRunner context(TestDatabase database,
			ZeroCacheNeighbourTests.Changes changes, String... properties) {
		String[] defaults = (properties.length > 0) ? properties
				: new String[] { "zero.app-id=mig", "zero.publication.schemas=mig" };
		return ZeroContexts.on(database).withPropertyValues(defaults).withBean(ChangeListener.class, () -> changes);
	}

	/**
	 * Turns this version's objects of shard {@code appId}/0 into those an earlier version had:
	 * the old names, no marks, the state schema at version 2, a slot at the current position.
	 */
	private static void demoteToEarlierVersion(TestDatabase database, String appId, boolean zeroCacheShares) {
		String schema = appId + "_spring_0";
		String publishedSchema = database.queryForString("SELECT \"" + schema + "\".published_schema()::text");
		database.execute("SELECT pg_drop_replication_slot('" + schema + "')",
				"ALTER EVENT TRIGGER " + appId + "_spring_ddl_start_0 RENAME TO " + appId + "_ddl_start_0",
				"ALTER EVENT TRIGGER " + appId + "_spring_ddl_end_0 RENAME TO " + appId + "_ddl_end_0",
				"COMMENT ON EVENT TRIGGER " + appId + "_ddl_start_0 IS NULL",
				"COMMENT ON EVENT TRIGGER " + appId + "_ddl_end_0 IS NULL",
				"ALTER PUBLICATION _" + appId + "_spring_public_0 RENAME TO _" + appId + "_public_0",
				"COMMENT ON PUBLICATION _" + appId + "_public_0 IS NULL",
				"ALTER SCHEMA " + schema + " RENAME TO " + appId + "_0", "COMMENT ON SCHEMA " + appId + "_0 IS NULL",
				"DELETE FROM " + appId + "_0.schema_version WHERE version > 2",
				"DROP TABLE " + appId + "_0.listener_position, " + appId + "_0.resync, " + appId + "_0.dead_letter",
				"ALTER TABLE " + appId + "_0.replication_state DROP COLUMN legacy_publications, "
						+ "DROP COLUMN drop_legacy_publications, DROP COLUMN publications_switch_lsn, DROP COLUMN legacy_slot, "
						+ "DROP COLUMN system_identifier, DROP COLUMN timeline",
				"UPDATE " + appId + "_0.shard_config SET publications = '{_" + appId + "_public_0}'",
				"SELECT pg_create_logical_replication_slot('" + appId + "_0', 'pgoutput')",
				"UPDATE " + appId + "_0.replication_state SET slot_name = '" + appId + "_0', synced = true, "
						+ "synced_publications = '{_" + appId + "_public_0}', reset_pending = NULL, "
						+ "published_schema = '" + publishedSchema.replace("'", "''") + "'::jsonb");
		if (zeroCacheShares) {
			database.execute("CREATE TABLE " + appId + "_0.\"shardConfig\" (lock boolean PRIMARY KEY)");
		}
	}

}
