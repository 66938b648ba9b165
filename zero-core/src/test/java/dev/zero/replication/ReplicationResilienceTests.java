package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing committed is lost when the walsender is terminated and the server restarts in the
 * middle of a stream of 20,000 transactions.
 */
class ReplicationResilienceTests {

	private static final int TRANSACTIONS = 20_000;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.dedicated()
		.build();

	@Test
	void everyCommittedTransactionIsDeliveredInOrderThroughTerminationsAndARestart() throws Exception {
		EmbeddedPostgres server = postgres.embedded();
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE r (id bigint PRIMARY KEY)", "CREATE PUBLICATION pr FOR TABLE r");
		List<Long> delivered = new CopyOnWriteArrayList<>();
		AtomicInteger deliveredBehindAcknowledgement = new AtomicInteger();
		ReplicationWorker[] worker = new ReplicationWorker[1];
		AtomicInteger reconnects = new AtomicInteger();
		ReplicationMetrics metrics = new ReplicationMetrics() {

			@Override
			public void reconnect() {
				reconnects.incrementAndGet();
			}

		};
		ChangeListener listener = new ChangeListener() {

			@Override
			public void onBegin(Begin begin) {
				Lsn flushed = worker[0].status().flushedLsn();
				if (flushed != null && begin.commitLsn().compareTo(flushed) < 0) {
					deliveredBehindAcknowledgement.incrementAndGet();
				}
			}

			@Override
			public void onChange(Change change) {
				delivered.add(((Insert) change).row().getLong("id"));
			}

		};
		Shards.provision(database, "resilient", DdlDetection.RELATION_DIFF, "pr");
		worker[0] = Shards.worker(database, "resilient", Shards.settings("resilient"), () -> List.of(listener), metrics);
		worker[0].start(List.of("pr"));
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> worker[0].status().state() == ReplicationState.STREAMING);
			AtomicInteger written = new AtomicInteger();
			int half = TRANSACTIONS / 2;
			CompletableFuture<Void> firstHalf = CompletableFuture.runAsync(() -> write(database, written, half));
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
				.until(() -> written.get() > half / 2 && !delivered.isEmpty());
			assertThat(firstHalf).as("still writing when the walsender is terminated").isNotDone();
			database.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'resilient'");
			firstHalf.get(3, TimeUnit.MINUTES);
			await().atMost(Duration.ofMinutes(1)).until(() -> delivered.contains((long) half)
					&& worker[0].status().state() == ReplicationState.STREAMING);
			CompletableFuture<Void> secondHalf = CompletableFuture.runAsync(() -> write(database, written, TRANSACTIONS));
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
				.until(() -> written.get() > half + half / 2);
			assertThat(secondHalf).as("still writing when the server restarts").isNotDone();
			server.restart();
			secondHalf.get(3, TimeUnit.MINUTES);
			await().atMost(Duration.ofMinutes(2)).until(() -> delivered.contains((long) TRANSACTIONS));
		}
		finally {
			worker[0].stop();
			database.execute("SELECT pg_drop_replication_slot('resilient')");
		}
		Map<Long, Integer> times = new HashMap<>();
		delivered.forEach((id) -> times.merge(id, 1, Integer::sum));
		assertThat(times).hasSize(TRANSACTIONS);
		assertThat(times.values().stream().filter((count) -> count > 1).count())
			.as("transactions delivered twice (only one in hand per disruption may be)")
			.isLessThanOrEqualTo(2);
		assertThat(delivered.stream().distinct().toList()).isSorted();
		assertThat(deliveredBehindAcknowledgement).hasValue(0);
		assertThat(worker[0].status().state()).isEqualTo(ReplicationState.STOPPED);
		assertThat(reconnects).as("reconnects after the termination and the restart").hasValueGreaterThanOrEqualTo(2);
	}

	/**
	 * One insert per transaction, ids in commit order, retried (idempotently) while the server
	 * restarts.
	 */
	private static void write(TestDatabase database, AtomicInteger written, int last) {
		while (written.get() < last) {
			int from = written.get() + 1;
			// one call may write thousands of rows: the bound is for a hang, not for a slow machine
			await().atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> insertFrom(database, from, last, written), (count) -> count > 0);
		}
	}

	private static int insertFrom(TestDatabase database, int from, int last, AtomicInteger written) throws Exception {
		int id = from;
		try (Connection connection = database.connect();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO r VALUES (?) ON CONFLICT (id) DO NOTHING")) {
			connection.setAutoCommit(true);
			for (; id <= last; id++) {
				insert.setLong(1, id);
				insert.executeUpdate();
				written.set(id);
			}
		}
		catch (Exception ex) {
			if (id == from) {
				throw ex;
			}
		}
		return id - from;
	}

}
