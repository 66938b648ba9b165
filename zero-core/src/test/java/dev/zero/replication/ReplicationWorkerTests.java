package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.TableFilter;
import dev.zero.change.ResetReason;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replication worker against a real PostgreSQL 17: slots, delivery, acknowledgement.
 */
class ReplicationWorkerTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private final List<ReplicationWorker> workers = new ArrayList<>();

	private final List<String> slots = new ArrayList<>();

	@AfterEach
	void stopWorkersAndDropSlots() {
		this.workers.forEach(ReplicationWorker::stop);
		TestDatabase database = postgres.database();
		for (String slot : this.slots) {
			// a stopped worker's walsender may take a moment to exit
			await().atMost(Duration.ofSeconds(30)).until(() -> database.queryForLong(
					"SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = '" + slot + "'") == 0);
			database.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
					+ slot + "'");
		}
	}

	@Test
	void createsTheSlotAndDeliversEveryKindOfChangeInCommitOrder() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a1 (id bigint PRIMARY KEY, v text)",
				"CREATE TABLE b1 (id bigint PRIMARY KEY, v text)", "CREATE PUBLICATION p1 FOR TABLE a1, b1");
		RecordingListener listener = new RecordingListener();
		ReplicationWorker worker = start("s1", "p1", listener);
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 's1' "
				+ "AND plugin = 'pgoutput' AND NOT temporary")).isEqualTo(1);
		database.execute("""
				BEGIN;
				INSERT INTO a1 VALUES (1, 'one');
				INSERT INTO b1 VALUES (1, 'uno');
				UPDATE a1 SET v = 'eins' WHERE id = 1;
				COMMIT;
				""", "DELETE FROM b1 WHERE id = 1", "TRUNCATE a1, b1",
				"SELECT pg_logical_emit_message(true, 'zero-test', 'hello')");
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.transactions().size() >= 4);
		List<RecordingListener.Transaction> transactions = listener.transactions();
		RecordingListener.Transaction first = transactions.get(0);
		assertThat(first.changes()).hasSize(3);
		assertThat(first.changes().get(0)).isInstanceOfSatisfying(Insert.class, (insert) -> {
			assertThat(insert.table()).isEqualTo(new TableName("public", "a1"));
			assertThat(insert.row().getLong("id")).isEqualTo(1);
			assertThat(insert.row().getString("v")).isEqualTo("one");
			assertThat(insert.xid()).isEqualTo(first.begin().xid());
		});
		assertThat(first.changes().get(1)).isInstanceOf(Insert.class);
		assertThat(first.changes().get(2)).isInstanceOfSatisfying(Update.class,
				(update) -> assertThat(update.row().getString("v")).isEqualTo("eins"));
		assertThat(transactions.get(1).changes()).singleElement()
			.isInstanceOfSatisfying(Delete.class, (delete) -> assertThat(delete.old().getLong("id")).isEqualTo(1));
		assertThat(transactions.get(2).changes()).singleElement()
			.isInstanceOfSatisfying(Truncate.class, (truncate) -> assertThat(truncate.tables())
				.containsExactlyInAnyOrder(new TableName("public", "a1"), new TableName("public", "b1")));
		assertThat(transactions).extracting((transaction) -> transaction.commit().commitLsn())
			.isSortedAccordingTo(Comparable::compareTo);
		assertThat(transactions.get(3).messages()).singleElement().satisfies((message) -> {
			assertThat(message.prefix()).isEqualTo("zero-test");
			assertThat(message.contentAsString()).isEqualTo("hello");
		});
	}

	@Test
	void acknowledgesOnlyWhatWasDeliveredSoARestartLosesNothing() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a2 (id bigint PRIMARY KEY)", "CREATE PUBLICATION p2 FOR TABLE a2");
		RecordingListener first = new RecordingListener();
		ReplicationWorker worker = start("s2", "p2", first);
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		database.execute("INSERT INTO a2 VALUES (1)", "INSERT INTO a2 VALUES (2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> first.changes().size() == 2);
		worker.stop();
		database.execute("INSERT INTO a2 VALUES (3)", "INSERT INTO a2 VALUES (4)");
		RecordingListener second = new RecordingListener();
		start("s2", "p2", second);
		await().atMost(Duration.ofSeconds(30)).until(() -> second.changes().size() >= 2);
		assertThat(second.changes()).extracting((change) -> ((Insert) change).row().getLong("id"))
			.containsExactly(3L, 4L);
	}

	@Test
	void aListenerThatThrowsGetsTheSameTransactionAgainAndNothingIsAcknowledgedMeanwhile() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a3 (id bigint PRIMARY KEY)", "CREATE PUBLICATION p3 FOR TABLE a3");
		RecordingListener listener = new RecordingListener();
		listener.failOn((change) -> change instanceof Insert insert && insert.row().getLong("id") == 2);
		ReplicationWorker worker = start("s3", "p3", listener);
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		database.execute("INSERT INTO a3 VALUES (1)", "INSERT INTO a3 VALUES (2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.FAILED);
		assertThat(worker.status().error()).contains("listener refuses insert");
		assertThat(worker.status().retries()).isGreaterThanOrEqualTo(1);
		Lsn confirmedWhileFailing = Lsn.parse(
				database.queryForString("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 's3'"));
		Lsn flushedWhileFailing = worker.status().flushedLsn();
		listener.failOn((change) -> false);
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.changes().size() == 2);
		assertThat(listener.changes()).extracting((change) -> ((Insert) change).row().getLong("id"))
			.containsExactly(1L, 2L);
		Lsn failedTransactionEnd = listener.transactions().get(1).commit().endLsn();
		assertThat(confirmedWhileFailing).isLessThan(failedTransactionEnd);
		assertThat(flushedWhileFailing).isLessThan(failedTransactionEnd);
		assertThat(worker.status().state()).isEqualTo(ReplicationState.STREAMING);
	}

	@Test
	void listenersOnlySeeTheTablesTheyAskFor() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a4 (id bigint PRIMARY KEY)", "CREATE TABLE b4 (id bigint PRIMARY KEY)",
				"CREATE PUBLICATION p4 FOR TABLE a4, b4");
		RecordingListener everything = new RecordingListener();
		RecordingListener onlyB = new RecordingListener() {

			@Override
			public TableFilter tables() {
				return TableFilter.of("b4");
			}

		};
		ReplicationWorker worker = start("s4", "p4", () -> List.of(everything, onlyB));
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		database.execute("INSERT INTO a4 VALUES (1)", "INSERT INTO b4 VALUES (2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> everything.changes().size() == 2);
		await().atMost(Duration.ofSeconds(30)).until(() -> onlyB.transactions().size() == 2);
		assertThat(onlyB.changes()).singleElement()
			.satisfies((change) -> assertThat(((Insert) change).table().name()).isEqualTo("b4"));
	}

	@Test
	void unchangedToastAndFullOldRowsArriveThroughTheStream() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a5 (id bigint PRIMARY KEY, big text, n int)",
				"ALTER TABLE a5 ALTER COLUMN big SET STORAGE EXTERNAL", "CREATE TABLE b5 (v text, w int)",
				"ALTER TABLE b5 REPLICA IDENTITY FULL", "CREATE PUBLICATION p5 FOR TABLE a5, b5");
		RecordingListener listener = new RecordingListener();
		ReplicationWorker worker = start("s5", "p5", listener);
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		database.execute("INSERT INTO a5 VALUES (1, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 500) i), 1)",
				"UPDATE a5 SET n = 2", "INSERT INTO b5 VALUES ('x', 1)", "UPDATE b5 SET w = 2", "DELETE FROM b5");
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.changes().size() == 5);
		Update toast = (Update) listener.changes().get(1);
		assertThat(toast.row().isUnchangedToast("big")).isTrue();
		assertThat(toast.row().isNull("big")).isFalse();
		assertThat(toast.row().getInt("n")).isEqualTo(2);
		Update full = (Update) listener.changes().get(3);
		assertThat(full.old().getString("v")).isEqualTo("x");
		assertThat(full.old().getInt("w")).isEqualTo(1);
		Delete delete = (Delete) listener.changes().get(4);
		assertThat(delete.old().getInt("w")).isEqualTo(2);
	}

	@Test
	void anIdleSlotFollowsTheServerAndRetainsLittleWal() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a6 (id bigint PRIMARY KEY)", "CREATE TABLE unpublished6 (payload text)",
				"CREATE PUBLICATION p6 FOR TABLE a6");
		ReplicationWorker worker = start("s6", "p6", new RecordingListener());
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			for (int i = 0; i < 8; i++) {
				statement.execute("INSERT INTO unpublished6 SELECT repeat(md5(g::text), 32) FROM generate_series(1, 8000) g");
			}
		}
		assertThat(database.queryForLong("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots WHERE slot_name = 's6'"))
			.isGreaterThan(64L * 1024 * 1024);
		// The server moves a slot's restart position when it logs the running transactions, which
		// it does every 15 seconds and at checkpoints; a checkpoint stands in for that wait.
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			database.execute("CHECKPOINT");
			return database.queryForLong("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) "
					+ "FROM pg_replication_slots WHERE slot_name = 's6'") < 16L * 1024 * 1024;
		});
	}

	@Test
	void aSecondWorkerOnTheSameSlotStandsByAndTakesOverWhenTheFirstStops() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a7 (id bigint PRIMARY KEY)", "CREATE PUBLICATION p7 FOR TABLE a7");
		RecordingListener firstListener = new RecordingListener();
		ReplicationWorker first = start("s7", "p7", firstListener);
		await().atMost(Duration.ofSeconds(30)).until(() -> first.status().state() == ReplicationState.STREAMING);
		RecordingListener secondListener = new RecordingListener();
		ReplicationWorker second = start("s7", "p7", secondListener);
		await().atMost(Duration.ofSeconds(30)).until(() -> second.status().state() == ReplicationState.STANDBY);
		assertThat(second.status().error()).startsWith("slot held by pid ");
		database.execute("INSERT INTO a7 VALUES (1)");
		await().atMost(Duration.ofSeconds(30)).until(() -> firstListener.changes().size() == 1);
		first.stop();
		await().atMost(Duration.ofSeconds(15)).until(() -> second.status().state() == ReplicationState.STREAMING);
		database.execute("INSERT INTO a7 VALUES (2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> secondListener.changes().size() == 1);
		assertThat(((Insert) secondListener.changes().get(0)).row().getLong("id")).isEqualTo(2);
	}

	@Test
	void failoverSlotOnPostgres17() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE a8 (id bigint PRIMARY KEY)", "CREATE PUBLICATION p8 FOR TABLE a8");
		Shards.provision(database, "s8", DdlDetection.RELATION_DIFF, "p8");
		ReplicationWorker worker = Shards.worker(database, "s8",
				new ReplicationSettings("s8", Duration.ofSeconds(1), true, Duration.ofSeconds(5)),
				() -> List.of(new RecordingListener()), ReplicationMetrics.NONE);
		track(worker, "s8").start(List.of("p8"));
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		assertThat(database.queryForString("SELECT failover FROM pg_replication_slots WHERE slot_name = 's8'"))
			.isEqualTo("t");
	}

	@Test
	void withoutListenersNothingIsStartedAndNoSlotCreated() {
		TestDatabase database = postgres.database();
		ReplicationWorker worker = Shards.worker(database, "s9", settings("s9"), List::of, ReplicationMetrics.NONE);
		track(worker, "s9").start(List.of("p9"));
		assertThat(worker.status().state()).isEqualTo(ReplicationState.DISABLED);
		assertThat(worker.status().error()).contains("no ChangeListener beans");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 's9'")).isZero();
	}

	@Test
	void anExistingSlotIsAlteredToTheFailoverSettingWithoutAReset() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE fo (id bigint PRIMARY KEY)", "CREATE PUBLICATION pfo FOR TABLE fo");
		RecordingListener listener = new RecordingListener();
		ReplicationWorker without = start("fo", "pfo", listener);
		await().atMost(Duration.ofSeconds(30)).until(() -> without.status().state() == ReplicationState.STREAMING);
		assertThat(database.queryForString("SELECT failover::text FROM pg_replication_slots WHERE slot_name = 'fo'"))
			.isEqualTo("false");
		without.stop();
		ReplicationWorker with = track(Shards.worker(database, "fo",
				new ReplicationSettings("fo", Duration.ofSeconds(1), true, Duration.ofSeconds(5)), () -> List.of(listener),
				ReplicationMetrics.NONE), "fo");
		with.start(List.of("pfo"));
		await().atMost(Duration.ofSeconds(30)).until(() -> with.status().state() == ReplicationState.STREAMING);
		assertThat(database.queryForString("SELECT failover::text FROM pg_replication_slots WHERE slot_name = 'fo'"))
			.isEqualTo("true");
		database.execute("INSERT INTO fo VALUES (1)");
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.changes().size() == 1);
		assertThat(with.status().lastResetReason()).as("no reset").isEqualTo(ResetReason.INITIAL);
	}

	private ReplicationWorker start(String slot, String publication, ChangeListener listener) {
		return start(slot, publication, () -> List.of(listener));
	}

	private ReplicationWorker start(String slot, String publication, Supplier<List<ChangeListener>> listeners) {
		Shards.provision(postgres.database(), slot, DdlDetection.RELATION_DIFF, publication);
		ReplicationWorker worker = Shards.worker(postgres.database(), slot, settings(slot), listeners,
				ReplicationMetrics.NONE);
		track(worker, slot).start(List.of(publication));
		return worker;
	}

	private ReplicationWorker track(ReplicationWorker worker, String slot) {
		this.workers.add(worker);
		this.slots.add(slot);
		return worker;
	}

	static ReplicationSettings settings(String slot) {
		return Shards.settings(slot);
	}

}
