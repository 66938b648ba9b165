package dev.zero.upstream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplicationCapacityTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.setting("max_replication_slots", "2")
		.dedicated()
		.build();

	@RegisterExtension
	static final PostgresExtension oneWalSender = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.setting("max_wal_senders", "1")
		.dedicated()
		.build();

	@AfterEach
	void dropSlots() {
		postgres.database().execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots");
	}

	@Test
	void freeSlotPasses() {
		CheckResult capacity = check(Validation.asAdmin(postgres.database()), "replication-capacity");
		assertThat(capacity.status()).isEqualTo(CheckStatus.OK);
		assertThat(capacity.found()).contains("2 of 2 replication slots free for zero_spring_0");
	}

	@Test
	void slotsExhaustedByOthersFailWithTheSettingTheNumbersAndTheSlotsToDrop() {
		postgres.database()
			.execute("SELECT pg_create_logical_replication_slot('other_a', 'pgoutput')",
					"SELECT pg_create_logical_replication_slot('other_b', 'pgoutput')");
		UpstreamReport report = Validation.asAdmin(postgres.database());
		CheckResult capacity = check(report, "replication-capacity");
		assertThat(capacity.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(capacity.found()).contains("max_replication_slots is 2 and 2 are in use (other_a, other_b)");
		assertThat(capacity.action()).contains("Raise max_replication_slots (now 2) to at least 3")
			.contains("SELECT pg_drop_replication_slot('other_a');");
		assertThat(report.ready()).isFalse();
	}

	@Test
	void aSlotOfOurNameInAnotherDatabaseIsAFailureNamingTheSetting() throws SQLException {
		TestDatabase database = postgres.database();
		String otherDatabase = database.jdbcUrl().replace("/" + database.name(), "/postgres");
		try (Connection other = DriverManager.getConnection(otherDatabase, database.username(), database.password());
				Statement statement = other.createStatement()) {
			statement.execute("SELECT pg_create_logical_replication_slot('zero_spring_0', 'pgoutput')");
			try {
				CheckResult capacity = check(Validation.asAdmin(database), "replication-capacity");
				assertThat(capacity.status()).isEqualTo(CheckStatus.FAIL);
				assertThat(capacity.found()).isEqualTo("slot zero_spring_0 exists but is a logical slot of database "
						+ "postgres with plugin pgoutput; this shard needs a logical pgoutput slot of this database, "
						+ "and never touches another's");
				assertThat(capacity.action()).startsWith("Set zero.replication.slot-name to a name no slot has");
			}
			finally {
				statement.execute("SELECT pg_drop_replication_slot('zero_spring_0')");
			}
		}
	}

	@Test
	void ourOwnSlotDoesNotCountAgainstUs() {
		postgres.database()
			.execute("SELECT pg_create_logical_replication_slot('other_a', 'pgoutput')",
					"SELECT pg_create_logical_replication_slot('zero_spring_0', 'pgoutput')");
		CheckResult capacity = check(Validation.asAdmin(postgres.database()), "replication-capacity");
		assertThat(capacity.status()).isEqualTo(CheckStatus.OK);
		assertThat(capacity.found()).startsWith("slot zero_spring_0 exists");
	}

	@Test
	void whileOurSlotIsReadARecheckNeedsNoWalSenderOfItsOwn() throws SQLException {
		TestDatabase database = oneWalSender.database();
		database.execute("CREATE PUBLICATION zero_test FOR ALL TABLES",
				"SELECT pg_create_logical_replication_slot('zero_spring_0', 'pgoutput')");
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test");
		try (Connection replication = upstream.connectForStreaming();
				PGReplicationStream stream = replication.unwrap(PGConnection.class)
					.getReplicationAPI()
					.replicationStream()
					.logical()
					.withSlotName("zero_spring_0")
					.withSlotOption("proto_version", "1")
					.withSlotOption("publication_names", "zero_test")
					.start()) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> database.queryForString("SELECT active FROM pg_replication_slots WHERE slot_name = 'zero_spring_0'"),
						"t"::equals);
			UpstreamReport report = Validation.asAdmin(database);
			assertThat(check(report, "direct-connection").found())
				.isEqualTo("replication connection works (slot zero_spring_0 is being read)");
			assertThat(check(report, "replication-capacity").status()).isEqualTo(CheckStatus.OK);
			assertThat(report.ready()).isTrue();
		}
	}

}
