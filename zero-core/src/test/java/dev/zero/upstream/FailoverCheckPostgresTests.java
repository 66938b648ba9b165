package dev.zero.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code failover} check against real servers: a PostgreSQL 17 primary with a streaming
 * standby that synchronizes the shard's slot (one pair for the class), and a PostgreSQL 16
 * server.
 */
class FailoverCheckPostgresTests {

	@RegisterExtension
	static final PostgresExtension postgres16 = PostgresExtension.builder()
		.version(16)
		.setting("wal_level", "logical")
		.build();

	private static final String SLOT = Validation.SHARD.defaultSlotName();

	private static EmbeddedPostgres primary;

	private static EmbeddedPostgres standby;

	@BeforeAll
	static void startPairWithASynchronizedSlot() throws SQLException {
		primary = EmbeddedPostgres.builder().version(17).setting("wal_level", "logical").start();
		standby = primary.standby();
		execute(primary, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput', false, false, true)");
		// A synchronized copy stays temporary until the primary's slot has moved past what the standby
		// still has (the starter would move it): the slot is advanced here. The synchronization worker
		// naps up to 30 s while the primary is quiet: a reload wakes it.
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			execute(primary, "SELECT pg_log_standby_snapshot()",
					"SELECT pg_replication_slot_advance('" + SLOT + "', pg_current_wal_lsn())");
			execute(standby, "SELECT pg_reload_conf()");
			return query(standby, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + SLOT
					+ "' AND synced AND NOT temporary").equals("1");
		});
	}

	@AfterAll
	static void stopPair() throws SQLException {
		if (standby != null) {
			standby.close();
		}
		if (primary != null) {
			primary.close();
		}
	}

	@Test
	void reportsTheStandbysSynchronizedCopyOfTheSlot() throws SQLException {
		execute(primary, "ALTER SYSTEM SET synchronized_standby_slots = '" + standby.primarySlotName() + "'",
				"SELECT pg_reload_conf()");
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> query(primary, "SHOW synchronized_standby_slots").equals(standby.primarySlotName()));
			CheckResult failover = failover(multiHostUrl(standby.port()));
			assertThat(failover.status()).as(failover.found()).isEqualTo(CheckStatus.OK);
			assertThat(failover.found()).contains("slot " + SLOT + " has failover = true")
				.contains("synchronized_standby_slots names " + standby.primarySlotName() + ", an active physical slot")
				.contains("127.0.0.1:" + standby.port() + " is a standby with a synchronized copy of slot " + SLOT);
		}
		finally {
			execute(primary, "ALTER SYSTEM RESET synchronized_standby_slots", "SELECT pg_reload_conf()");
		}
	}

	@Test
	void standbyWithoutSynchronizedStandbySlotsIsAWarning() {
		CheckResult failover = failover(multiHostUrl(standby.port()));
		assertThat(failover.status()).isEqualTo(CheckStatus.WARN);
		assertThat(failover.found()).contains("synchronized_standby_slots is not set")
			.contains("is a standby with a synchronized copy of slot " + SLOT);
		assertThat(failover.action()).contains("sync_replication_slots = on").contains("dbname=")
			.contains("synchronized_standby_slots");
	}

	@Test
	void inactivePhysicalSlotInSynchronizedStandbySlotsIsReportedAsAStall() throws SQLException {
		execute(primary, "SELECT pg_create_physical_replication_slot('gone_standby')",
				"ALTER SYSTEM SET synchronized_standby_slots = '" + standby.primarySlotName() + ", gone_standby'",
				"SELECT pg_reload_conf()");
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> query(primary, "SHOW synchronized_standby_slots").contains("gone_standby"));
			UpstreamReport report = validate(primary.jdbcUrl("postgres"));
			CheckResult failover = Validation.check(report, "failover");
			assertThat(failover.status()).isEqualTo(CheckStatus.WARN);
			assertThat(report.ready()).isTrue();
			assertThat(failover.found()).startsWith("LOGICAL REPLICATION STALLS: synchronized_standby_slots names "
					+ "gone_standby, a physical slot no standby is streaming from: every logical WAL sender");
			assertThat(failover.action()).startsWith("Now: bring the standbys of those slots back, or take the slots "
					+ "out of the list on the primary: ALTER SYSTEM SET synchronized_standby_slots = '\""
					+ standby.primarySlotName() + "\"';");
		}
		finally {
			execute(primary, "ALTER SYSTEM RESET synchronized_standby_slots", "SELECT pg_reload_conf()",
					"SELECT pg_drop_replication_slot('gone_standby')");
		}
	}

	@Test
	void secondHostThatDoesNotAnswerIsReportedWithoutFailing() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			closedPort = socket.getLocalPort();
		}
		UpstreamReport report = validate(multiHostUrl(closedPort));
		CheckResult failover = Validation.check(report, "failover");
		assertThat(report.ready()).isTrue();
		assertThat(failover.status()).isEqualTo(CheckStatus.WARN);
		assertThat(failover.found()).contains("127.0.0.1:" + closedPort + " did not answer: ")
			.doesNotContain("postgres:postgres");
	}

	@Test
	void postgres16SaysThatAPromotionDoesNotKeepTheSlot() {
		CheckResult failover = Validation.check(Validation.asAdmin(postgres16.database()), "failover");
		assertThat(failover.status()).isEqualTo(CheckStatus.OK);
		assertThat(failover.found()).startsWith("PostgreSQL 16 does not keep slot " + SLOT + " through a promotion")
			.contains("the starter resets (reason failover)")
			.contains("PostgreSQL 17 and later keep it")
			.endsWith("no standby seen");
	}

	private static String multiHostUrl(int secondPort) {
		return "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + secondPort
				+ "/postgres?targetServerType=primary";
	}

	private static CheckResult failover(String url) {
		return Validation.check(validate(url), "failover");
	}

	private static UpstreamReport validate(String url) {
		return new UpstreamValidator(Upstream.of(url, primary.username(), primary.password(), "zero/test"),
				InspectionSettings.defaults(Validation.SHARD)).validate();
	}

	private static String query(EmbeddedPostgres server, String sql) throws SQLException {
		try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
				var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static void execute(EmbeddedPostgres server, String... statements) throws SQLException {
		try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
