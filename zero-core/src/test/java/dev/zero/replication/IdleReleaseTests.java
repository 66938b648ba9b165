package dev.zero.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle shard releases every connection after the idle release (so that a scale-to-zero
 * server such as Neon's may sleep), connects again on a wake or its wake interval, and loses
 * nothing across releases. What the starter holds is read from {@code pg_stat_activity} by the
 * test's own connection, whose {@code application_name} is the driver's, never the starter's
 * prefix ({@code zero/test}).
 */
class IdleReleaseTests {

	private static final Duration IDLE = Duration.ofMillis(300);

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void releasesEveryConnectionAndDeliversAtTheScheduledWakeAndOnWake() {
		TestDatabase database = table("idle_a");
		RecordingListener listener = new RecordingListener();
		ReplicationWorker worker = Shards.worker(database, "idle_a",
				Shards.settings("idle_a").withIdleRelease(IDLE, Duration.ofSeconds(2)), () -> List.of(listener),
				ReplicationMetrics.NONE);
		worker.start(List.of("idle_a_pub"));
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			// each connection names its role (the re-reads' too: resync)
			assertThat(database.queryForString("SELECT string_agg(application_name, ',' ORDER BY application_name) "
					+ "FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'zero/test%'"))
				.contains("zero/test/monitor", "zero/test/stream");
			database.execute("INSERT INTO idle_a VALUES (1)");
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.changes().size() == 1);
			await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().state() == ReplicationState.RELEASED);
			assertThat(worker.status().releasedAt()).isNotNull();
			assertThat(worker.isReleased()).isTrue();
			// nothing of the starter's is connected, all through the released period
			await().during(Duration.ofMillis(1200))
				.atMost(Duration.ofMillis(1600))
				.until(() -> starterSessions(database) == 0 && worker.status().state() == ReplicationState.RELEASED);
			// another client's change arrives at the scheduled wake, with no wake asked for
			database.execute("INSERT INTO idle_a VALUES (2)");
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().size() == 2);
			await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().state() == ReplicationState.RELEASED);
			Instant releasedAt = Objects.requireNonNull(worker.status().releasedAt());
			// and on wake(), well before the next scheduled one
			database.execute("INSERT INTO idle_a VALUES (3)");
			worker.wake();
			await().atMost(Duration.ofMillis(1500)).until(() -> listener.changes().size() == 3);
			assertThat(worker.status().releasedAt()).isNotEqualTo(releasedAt);
			assertThat(ids(listener.changes())).containsExactly(1L, 2L, 3L);
		}
		finally {
			worker.stop();
		}
	}

	@Test
	void twentyReleaseAndWakeCyclesUnderWritesLoseAndDuplicateNothing() {
		TestDatabase database = table("idle_b");
		RecordingListener listener = new RecordingListener();
		ReplicationWorker worker = Shards.worker(database, "idle_b",
				Shards.settings("idle_b").withIdleRelease(Duration.ofMillis(200), null), () -> List.of(listener),
				ReplicationMetrics.NONE);
		worker.start(List.of("idle_b_pub"));
		long written = 0;
		try {
			Instant lastRelease = null;
			for (int cycle = 0; cycle < 20; cycle++) {
				Instant previous = lastRelease;
				await().atMost(Duration.ofSeconds(10))
					.until(() -> worker.status().state() == ReplicationState.RELEASED
							&& !Objects.equals(worker.status().releasedAt(), previous));
				lastRelease = worker.status().releasedAt();
				switch (cycle % 3) {
					case 0 -> {
						// written while released, then woken
						database.execute("INSERT INTO idle_b VALUES (" + (++written) + ")");
						worker.wake();
					}
					case 1 -> {
						// woken, then written while it connects again
						worker.wake();
						database.execute("INSERT INTO idle_b VALUES (" + (++written) + ")",
								"INSERT INTO idle_b VALUES (" + (++written) + ")");
					}
					default -> {
						// woken again and again, written once it streams
						worker.wake();
						worker.wake();
						await().atMost(Duration.ofSeconds(10))
							.until(() -> worker.status().state() == ReplicationState.STREAMING);
						database.execute("INSERT INTO idle_b VALUES (" + (++written) + ")");
					}
				}
				long expected = written;
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.changes().size() >= expected);
			}
			long expected = written;
			assertThat(ids(listener.changes()))
				.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, expected).boxed().toList());
		}
		finally {
			worker.stop();
		}
	}

	@Test
	void noReleaseDuringAnInitialSyncNorWhileAListenerHoldsATransaction() throws Exception {
		TestDatabase database = postgres.database();
		// a small table: the sync lasts as long as the listener holds its first row, not as long
		// as a big table takes to copy
		database.execute("CREATE TABLE idle_c (id bigint PRIMARY KEY)",
				"INSERT INTO idle_c SELECT g FROM generate_series(1, 1000) g",
				"CREATE PUBLICATION idle_c_pub FOR TABLE idle_c");
		Shards.provision(database, "idle_c", DdlDetection.RELATION_DIFF, "idle_c_pub");
		HeldListener listener = new HeldListener();
		listener.holdNext();
		ReplicationWorker worker = Shards.worker(database, "idle_c",
				Shards.settings("idle_c").withIdleRelease(Duration.ofMillis(200), null), () -> List.of(listener),
				ReplicationMetrics.NONE);
		worker.start(List.of("idle_c_pub"));
		try {
			await().atMost(Duration.ofSeconds(30)).until(listener::holding);
			// many times the idle release, syncing, on its own connections
			await().during(Duration.ofMillis(1000))
				.atMost(Duration.ofMillis(1500))
				.until(() -> worker.status().state() == ReplicationState.SYNCING && !worker.isReleased());
			assertThat(starterSessions(database, "zero/test/sync")).isPositive();
			listener.letGo();
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.count() == 1000);
			await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().state() == ReplicationState.RELEASED);
			// a streamed transaction the listener holds: the worker stays connected
			listener.holdNext();
			database.execute("INSERT INTO idle_c VALUES (1001)");
			worker.wake();
			await().atMost(Duration.ofSeconds(10)).until(listener::holding);
			await().during(Duration.ofMillis(1000))
				.atMost(Duration.ofMillis(1500))
				.until(() -> worker.status().state() == ReplicationState.STREAMING && !worker.isReleased()
						&& starterSessions(database, "zero/test/stream") == 1);
			listener.letGo();
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.count() == 1001);
			await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().state() == ReplicationState.RELEASED);
		}
		finally {
			listener.letGo();
			worker.stop();
		}
	}

	@Test
	void aStandbyReleasesTooAndNeverStreamsBesideTheLeader() {
		TestDatabase database = table("idle_d");
		RecordingListener first = new RecordingListener();
		RecordingListener second = new RecordingListener();
		ReplicationSettings settings = Shards.settings("idle_d").withIdleRelease(IDLE, null);
		ReplicationWorker leader = Shards.worker(database, "idle_d", settings, () -> List.of(first),
				ReplicationMetrics.NONE);
		ReplicationWorker standby = Shards.worker(database, "idle_d", settings, () -> List.of(second),
				ReplicationMetrics.NONE);
		leader.start(List.of("idle_d_pub"));
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> leader.status().state() == ReplicationState.STREAMING);
			standby.start(List.of("idle_d_pub"));
			// the standby stops trying; the leader releases after its idle period
			await().atMost(Duration.ofSeconds(10))
				.until(() -> standby.status().state() == ReplicationState.RELEASED
						&& leader.status().state() == ReplicationState.RELEASED);
			await().during(Duration.ofMillis(1000))
				.atMost(Duration.ofMillis(1500))
				.until(() -> starterSessions(database) == 0 && standby.isReleased() && leader.isReleased());
			// the standby woken takes the lead; the leader woken then stands by
			database.execute("INSERT INTO idle_d VALUES (1)");
			standby.wake();
			await().atMost(Duration.ofSeconds(10)).until(() -> second.changes().size() == 1);
			Instant leaderReleased = leader.status().releasedAt();
			leader.wake();
			// it stands by while the other streams, or leads once the other released: released again
			// either way, and nothing delivered twice
			await().atMost(Duration.ofSeconds(10))
				.until(() -> leader.status().state() == ReplicationState.RELEASED
						&& !Objects.equals(leader.status().releasedAt(), leaderReleased));
			assertThat(first.changes()).isEmpty();
			assertThat(second.changes()).hasSize(1);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> standby.status().state() == ReplicationState.RELEASED && starterSessions(database) == 0);
		}
		finally {
			standby.stop();
			leader.stop();
		}
	}

	private static TestDatabase table(String name) {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE " + name + " (id bigint PRIMARY KEY)",
				"CREATE PUBLICATION " + name + "_pub FOR TABLE " + name);
		Shards.provision(database, name, DdlDetection.RELATION_DIFF, name + "_pub");
		return database;
	}

	/** The starter's sessions on the test's database, as another client sees them. */
	private static long starterSessions(TestDatabase database) {
		return starterSessions(database, "zero/test%");
	}

	private static long starterSessions(TestDatabase database, String applicationName) {
		return database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND application_name LIKE '" + applicationName + "'");
	}

	private static List<Long> ids(List<Change> changes) {
		return changes.stream().map((change) -> ((Insert) change).row().getLong("id")).toList();
	}

	/** Counts the inserts, and holds the next one until let go. */
	private static final class HeldListener implements ChangeListener {

		private volatile CountDownLatch gate = new CountDownLatch(0);

		private volatile boolean hold;

		private volatile boolean holding;

		private volatile int count;

		void holdNext() {
			this.gate = new CountDownLatch(1);
			this.hold = true;
		}

		boolean holding() {
			return this.holding;
		}

		void letGo() {
			this.gate.countDown();
		}

		int count() {
			return this.count;
		}

		@Override
		public void onChange(Change change) throws Exception {
			if (this.hold) {
				this.hold = false;
				this.holding = true;
				this.gate.await(30, TimeUnit.SECONDS);
				this.holding = false;
			}
			this.count++;
		}

	}

}
