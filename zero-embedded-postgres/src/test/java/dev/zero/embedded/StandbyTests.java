package dev.zero.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.replication.LogSequenceNumber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Standbys of embedded servers: one PostgreSQL 17 primary with a standby for the class, and a
 * pair of its own for each older version.
 */
class StandbyTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static EmbeddedPostgres primary;

	private static EmbeddedPostgres standby;

	@BeforeAll
	static void startPair() throws SQLException {
		primary = EmbeddedPostgres.builder().version(17).setting("wal_level", "logical").start();
		execute(primary, "CREATE TABLE item (id int PRIMARY KEY)");
		standby = primary.standby();
	}

	@AfterAll
	static void stopPair() {
		// the standby first: closing it drops its slot on the primary
		if (standby != null) {
			standby.close();
		}
		if (primary != null) {
			primary.close();
		}
	}

	@Test
	void standbyReplicatesARowFromThePrimary() throws SQLException {
		assertThat(standby.isInRecovery()).isTrue();
		assertThat(standby.port()).isNotEqualTo(primary.port());
		assertThat(standby.primarySlotName()).startsWith("standby_");
		assertThat(query(primary, "SELECT slot_type || ' ' || active FROM pg_replication_slots WHERE slot_name = '"
				+ standby.primarySlotName() + "'")).containsExactly("physical true");
		execute(primary, "INSERT INTO item VALUES (1)");
		await().atMost(WAIT).untilAsserted(() -> assertThat(query(standby, "SELECT id FROM item WHERE id = 1")).hasSize(1));
	}

	@Test
	void failoverSlotOfThePrimaryIsSynchronizedToTheStandby() throws SQLException {
		assertThat(query(standby, "SHOW sync_replication_slots")).containsExactly("on");
		execute(primary, "SELECT pg_create_logical_replication_slot('failover_slot', 'pgoutput', false, false, true)");
		try {
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(syncSlot("failover_slot",
						"SELECT failover || ' ' || synced || ' ' || temporary FROM pg_replication_slots WHERE slot_name = 'failover_slot'"))
					.containsExactly("true true false"));
		}
		finally {
			execute(primary, "SELECT pg_drop_replication_slot('failover_slot')");
		}
	}

	@Test
	void disconnectedStandbyFallsBehindAndCatchesUpOnceReconnected() throws SQLException {
		standby.disconnectFromPrimary();
		try {
			execute(primary, "INSERT INTO item VALUES (2)");
			LogSequenceNumber written = primary.currentWalPosition();
			assertThat(standby.receivePosition()).isLessThan(written);
			assertThat(standby.replayPosition()).isLessThan(written);
			assertThat(query(standby, "SELECT id FROM item WHERE id = 2")).isEmpty();
		}
		finally {
			standby.reconnectToPrimary();
		}
		LogSequenceNumber written = primary.currentWalPosition();
		await().atMost(WAIT).until(() -> standby.replayPosition().compareTo(written) >= 0);
		assertThat(query(standby, "SELECT id FROM item WHERE id = 2")).containsExactly("2");
	}

	@Test
	void crashedStandbyStartsAgainAndStreams() throws SQLException {
		int port = standby.port();
		standby.crash();
		assertThat(standby.isRunning()).isFalse();
		execute(primary, "INSERT INTO item VALUES (3)");
		standby.start();
		assertThat(standby.port()).isEqualTo(port);
		assertThat(standby.isInRecovery()).isTrue();
		await().atMost(WAIT).untilAsserted(() -> assertThat(query(standby, "SELECT id FROM item WHERE id = 3")).hasSize(1));
	}

	@Test
	void promotedStandbyIsWritableOnANewTimelineAndCanHaveAStandbyOfItsOwn() throws SQLException {
		try (EmbeddedPostgres promoted = primary.standby("promoted_standby")) {
			assertThat(query(primary, "SELECT active FROM pg_replication_slots WHERE slot_name = 'promoted_standby'"))
				.containsExactly("t");
			// as a failover test leaves it: cut off from the primary, then promoted
			promoted.disconnectFromPrimary();
			promoteAndWrite(promoted);
			try (EmbeddedPostgres next = promoted.standby()) {
				execute(promoted, "INSERT INTO written_after_promotion VALUES (1)");
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(query(next, "SELECT id FROM written_after_promotion")).hasSize(1));
			}
		}
		assertThat(query(primary, "SELECT slot_name FROM pg_replication_slots WHERE slot_name = 'promoted_standby'"))
			.isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 14, 16 })
	void standbyOfAnOlderVersionReplicatesAndIsPromoted(int version) throws SQLException {
		try (EmbeddedPostgres olderPrimary = EmbeddedPostgres.builder().version(version).start();
				EmbeddedPostgres olderStandby = olderPrimary.standby()) {
			assertThat(query(olderStandby, "SHOW hot_standby_feedback")).containsExactly("on");
			execute(olderPrimary, "CREATE TABLE item (id int PRIMARY KEY)", "INSERT INTO item VALUES (1)");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(query(olderStandby, "SELECT to_regclass('item') IS NOT NULL AND EXISTS (SELECT FROM item)"))
					.containsExactly("t"));
			promoteAndWrite(olderStandby);
		}
	}

	private static void promoteAndWrite(EmbeddedPostgres promoted) throws SQLException {
		String timeline = query(promoted, "SELECT timeline_id FROM pg_control_checkpoint()").get(0);
		promoted.promote();
		assertThat(promoted.isInRecovery()).isFalse();
		execute(promoted, "CREATE TABLE written_after_promotion (id int)");
		assertThat(query(promoted, "SELECT timeline_id FROM pg_control_checkpoint()"))
			.containsExactly(Integer.toString(Integer.parseInt(timeline) + 1));
	}

	/**
	 * Helps the standby's slot synchronization along and returns what {@code sql} finds on it.
	 * A synchronized copy stays temporary until the primary's slot has moved past what the
	 * standby still has (its consumer would move it): the slot is advanced here. The worker's
	 * naps grow up to 30 s while the primary is quiet (and pg_sync_replication_slots() refuses
	 * to run beside it): a reload wakes it.
	 */
	private static List<String> syncSlot(String slotName, String sql) throws SQLException {
		execute(primary, "SELECT pg_log_standby_snapshot()",
				"SELECT pg_replication_slot_advance('" + slotName + "', pg_current_wal_lsn())");
		execute(standby, "SELECT pg_reload_conf()");
		return query(standby, sql);
	}

	private static List<String> query(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (Connection connection = postgres.connect("postgres");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rows.next()) {
				values.add(rows.getString(1));
			}
			return values;
		}
	}

	private static void execute(EmbeddedPostgres postgres, String... statements) throws SQLException {
		try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
