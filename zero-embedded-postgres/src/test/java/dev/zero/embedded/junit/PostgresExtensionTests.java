package dev.zero.embedded.junit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.zero.embedded.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class PostgresExtensionTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void givesEachClassAFreshDatabaseOnALogicalServer() {
		TestDatabase database = postgres.database();
		assertThat(database.queryForString("SELECT current_database()")).isEqualTo(database.name());
		assertThat(database.queryForString("SHOW wal_level")).isEqualTo("logical");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
	}

	@Test
	void dropsTheDatabaseItsSlotsAndItsRolesAfterTheClass() throws Exception {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(LeavesThingsBehind.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.succeeded(1));
		TestDatabase admin = postgres.database();
		assertThat(admin.queryForLong("SELECT count(*) FROM pg_database WHERE datname = '" + LeavesThingsBehind.name + "'"))
			.isZero();
		assertThat(admin.queryForLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'left_behind'"))
			.isZero();
		assertThat(admin.queryForLong("SELECT count(*) FROM pg_roles WHERE rolname = 'left_behind_role'")).isZero();
	}

	@Test
	void sharesServersBetweenClassesWithTheSameSettings() throws Exception {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(LeavesThingsBehind.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.succeeded(1));
		assertThat(LeavesThingsBehind.server).isSameAs(postgres.database().embedded());
	}

	@Test
	void dedicatedServerIsStoppedAfterTheClass() {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(UsesADedicatedServer.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.succeeded(1));
		assertThat(UsesADedicatedServer.server).isNotSameAs(postgres.database().embedded());
		assertThat(UsesADedicatedServer.server.isRunning()).isFalse();
	}

	static class LeavesThingsBehind {

		@RegisterExtension
		static final PostgresExtension postgres = PostgresExtension.logical();

		static String name;

		static EmbeddedPostgres server;

		@Test
		void createsASlotARoleAndKeepsAConnectionOpen() throws Exception {
			TestDatabase database = postgres.database();
			name = database.name();
			server = database.embedded();
			postgres.createRole("left_behind_role", "LOGIN", "secret");
			database.execute("SELECT pg_create_logical_replication_slot('left_behind', 'pgoutput')");
			Connection open = database.connect();
			try (Statement statement = open.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
				assertThat(rows.next()).isTrue();
			}
		}

	}

	static class UsesADedicatedServer {

		@RegisterExtension
		static final PostgresExtension postgres = PostgresExtension.builder().version(17).dedicated().build();

		static EmbeddedPostgres server;

		@Test
		void runs() {
			server = postgres.embedded();
			assertThat(server.isRunning()).isTrue();
		}

	}

}
