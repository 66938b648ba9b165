package dev.zero.ownership;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.AppPublicationNames;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationReport;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardDecommission;
import dev.zero.upstream.CheckResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter alters, replaces and drops only what it created: objects with the shard's names
 * that are not marked as its own stop provisioning with a check that names them and their
 * apparent owner, and decommission leaves them (and anything else in its schema).
 */
class OwnershipTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void aSchemaWithTheShardsNameThatIsNotTheStartersStopsProvisioningAndNothingIsCreated() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA own", "CREATE TABLE own.t (id int PRIMARY KEY)",
				"CREATE SCHEMA own_spring_0", "CREATE TABLE own_spring_0.shard_config (precious text)");
		PublicationReport report = provision(database, "own", "own");
		assertThat(report.usable()).isFalse();
		assertThat(report.checks()).singleElement().satisfies((check) -> {
			assertThat(check.id()).isEqualTo("ownership");
			assertThat(check.failed()).isTrue();
			assertThat(check.found()).startsWith("schema own_spring_0 belongs to role " + database.username()
					+ ", not the starter");
			assertThat(check.action()).contains("zero.app-id=own_app");
		});
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication")).isZero();
		assertThat(database.queryForLong("SELECT count(*) FROM pg_event_trigger")).isZero();
		assertThat(database.queryForString("SELECT string_agg(relname, ',') FROM pg_class "
				+ "WHERE relnamespace = 'own_spring_0'::regnamespace AND relkind = 'r'")).isEqualTo("shard_config");
	}

	@Test
	void objectsOfAZeroCacheAreNamedAsItsOwn() throws SQLException {
		TestDatabase database = postgres.database();
		// a zero-cache shard schema is recognized by its shardConfig table; here app id zc_spring, shard 0,
		// whose names are this starter's for app id zc
		database.execute("CREATE SCHEMA zc", "CREATE TABLE zc.t (id int PRIMARY KEY)",
				"CREATE SCHEMA zc_spring_0", "CREATE TABLE zc_spring_0.\"shardConfig\" (lock boolean PRIMARY KEY)",
				"CREATE PUBLICATION _zc_spring_public_0 FOR TABLE zc.t");
		try (Connection connection = database.connect()) {
			List<ShardObjects.Foreign> foreign = new ShardObjects(new ShardId("zc", 0)).foreign(connection, true);
			assertThat(foreign).extracting(ShardObjects.Foreign::owner)
				.containsOnly("a zero-cache with app id zc_spring (shard 0)");
			CheckResult check = new ShardObjects(new ShardId("zc", 0)).check(foreign);
			assertThat(check.found()).startsWith("schema zc_spring_0 and publication _zc_spring_public_0 belong to "
					+ "a zero-cache with app id zc_spring (shard 0)");
		}
	}

	@Test
	void decommissionDropsOnlyTheStartersObjectsAndSaysWhatItLeft() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA dc", "CREATE TABLE dc.t (id int PRIMARY KEY)");
		assertThat(provision(database, "dc", "dc").usable()).isTrue();
		database.execute("CREATE TABLE dc_spring_0.notes (body text)", "INSERT INTO dc_spring_0.notes VALUES ('mine')");
		try (Connection connection = database.connect()) {
			ShardDecommission.Outcome outcome = new ShardDecommission(new ShardId("dc", 0), "dc_spring_0").run(connection);
			assertThat(outcome.removed()).containsExactly("event triggers dc_spring_ddl_start_0, dc_spring_ddl_end_0",
					"publication _dc_spring_public_0", "the starter's tables and functions in schema dc_spring_0");
			assertThat(outcome.left()).containsExactly(
					"schema dc_spring_0: it also holds relation notes, which the starter did not create");
		}
		assertThat(database.queryForString("SELECT body FROM dc_spring_0.notes")).isEqualTo("mine");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_class WHERE relnamespace = 'dc_spring_0'::regnamespace"
				+ " AND relname IN ('shard_config', 'replication_state', 'schema_version')")).isZero();
	}

	@Test
	void decommissionLeavesAPublicationWithTheShardsNameThatIsNotTheStarters() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA mine", "CREATE TABLE mine.t (id int PRIMARY KEY)",
				"CREATE PUBLICATION _mine_spring_public_0 FOR TABLE mine.t");
		try (Connection connection = database.connect()) {
			ShardDecommission.Outcome outcome = new ShardDecommission(new ShardId("mine", 0), "mine_spring_0")
				.run(connection);
			assertThat(outcome.removed()).isEmpty();
			assertThat(outcome.left()).containsExactly("publication _mine_spring_public_0: it belongs to role "
					+ database.username() + ", not the starter");
		}
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication WHERE pubname = '_mine_spring_public_0'"))
			.isOne();
	}

	@Test
	void onlyZeroCachesPublicationsMayStartWithAnUnderscore() {
		assertThat(AppPublicationNames.problem("_zero_public_0")).isNull();
		assertThat(AppPublicationNames.problem("_zero_metadata_2")).isNull();
		assertThat(AppPublicationNames.problem("_mine")).contains("reserved");
	}

	private static PublicationReport provision(TestDatabase database, String appId, String schema) throws SQLException {
		try (Connection connection = database.connect()) {
			return new PublicationProvisioner(new PublicationSettings(new ShardId(appId, 0), List.of(), List.of(schema),
					ReplicaIdentityPolicy.REPORT, false, DdlDetection.EVENT_TRIGGERS))
				.provision(connection);
		}
	}

}
