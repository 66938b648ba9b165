package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A streaming connection that a network stops forwarding without closing it is noticed within
 * the stream timeout, closed and opened again, with nothing lost ({@link SilentProxy} between
 * the worker and a real server); a worker busy with a slow listener, a large transaction, an
 * initial sync or a re-read table is never taken for a dead link.
 */
class DeadLinkTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	/** How much later than the timeout a dead link may be noticed: probes and the busy machine. */
	private static final Duration MARGIN = Duration.ofSeconds(5);

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void aSilentlyCutStreamIsNoticedReconnectedAndLosesNothing() throws Exception {
		String reason = cutWhileWriting("cut_stream", false);
		assertThat(reason).startsWith("no data from the server for ").contains("while it had sent up to ")
			.contains("(our walsender pid ");
	}

	@Test
	void aCutOfEveryFlowIncludingTheMonitorIsNoticedReconnectedAndLosesNothing() throws Exception {
		String reason = cutWhileWriting("cut_all", true);
		assertThat(reason).matches("(no answer on the monitor connection within .*|no data from the server for .*)");
	}

	@Test
	void anIdleStreamWhoseWalsenderTheServerEndedIsNoticed() throws Exception {
		String app = "cut_idle";
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE " + app + " (id bigint PRIMARY KEY)",
				"CREATE PUBLICATION " + app + "_pub FOR TABLE " + app);
		Shards.provision(database, app, DdlDetection.RELATION_DIFF, app + "_pub");
		Set<Long> delivered = ConcurrentHashMap.newKeySet();
		ChangeListener listener = (change) -> delivered.add(((Insert) change).row().getLong("id"));
		Reconnects reconnects = new Reconnects();
		try (SilentProxy proxy = new SilentProxy(database.host(), database.port())) {
			ReplicationWorker worker = new ReplicationWorker(through(proxy, database), new ShardId(app, 0),
					settings(app), () -> List.of(listener), reconnects);
			reconnects.worker = worker;
			worker.start(List.of(app + "_pub"));
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
				database.execute("INSERT INTO " + app + " VALUES (1)");
				await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains(1L));
				long walsender = database.queryForLong(
						"SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + app + "'");
				int port = (int) database.queryForLong(
						"SELECT client_port FROM pg_stat_replication WHERE pid = " + walsender);
				assertThat(proxy.cut(port)).isEqualTo(1);
				// what wal_sender_timeout does once our replies stop arriving; its goodbye is not forwarded
				database.execute("SELECT pg_terminate_backend(" + walsender + ")");
				await().atMost(TIMEOUT.plus(MARGIN)).pollInterval(Duration.ofMillis(20))
					.until(() -> reconnects.count.get() > 0);
				assertThat(reconnects.reasons.get(0))
					.isEqualTo("our walsender (pid " + walsender + ") is gone on the server");
				await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
				database.execute("INSERT INTO " + app + " VALUES (2)");
				await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains(2L));
			}
			finally {
				worker.stop();
			}
		}
		finally {
			dropSlot(database, app);
		}
	}

	@Test
	void aSlowListenerAnInitialSyncAndAReReadAreNotTakenForADeadLink() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE slow (id bigint PRIMARY KEY)", "INSERT INTO slow SELECT generate_series(1, 500)",
				"CREATE PUBLICATION slow_pub FOR TABLE slow");
		Shards.provision(database, "slow", DdlDetection.RELATION_DIFF, "slow_pub");
		Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();
		AtomicInteger sleeps = new AtomicInteger();
		ChangeListener listener = new ChangeListener() {

			@Override
			public void onChange(Change change) {
				if (change instanceof Insert insert) {
					long id = insert.row().getLong("id");
					int times = seen.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
					// the initial sync's copy of row 1, a streamed transaction, the re-read of row 1:
					// each takes several stream timeouts
					if ((id == 1 && times <= 2) || (id == 1000 && times == 1)) {
						sleeps.incrementAndGet();
						LockSupport.parkNanos(TIMEOUT.multipliedBy(3).toNanos());
					}
				}
			}

		};
		Reconnects reconnects = new Reconnects();
		ReplicationWorker worker = Shards.worker(database, "slow", settings("slow"), () -> List.of(listener), reconnects);
		worker.start(List.of("slow_pub"));
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			// written while the listener sleeps: the server has data the worker does not read yet
			database.execute("INSERT INTO slow VALUES (1000)");
			database.execute("INSERT INTO slow VALUES (1001)");
			await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey(1001L));
			worker.requestResync(List.of(new TableName("public", "slow")));
			await().atMost(Duration.ofSeconds(60)).until(() -> seen.get(500L).get() >= 2);
			assertThat(sleeps).hasValue(3);
			assertThat(reconnects.count).as("reconnects (%s)", reconnects.reasons).hasValue(0);
			assertThat(worker.status().state()).isEqualTo(ReplicationState.STREAMING);
		}
		finally {
			worker.stop();
			dropSlot(database, "slow");
		}
	}

	@Test
	void aLargeTransactionIsNotTakenForADeadLink() throws Exception {
		int rows = 200_000;
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE large (id bigint PRIMARY KEY, val text)", "CREATE PUBLICATION large_pub FOR TABLE large");
		Shards.provision(database, "large", DdlDetection.RELATION_DIFF, "large_pub");
		AtomicLong delivered = new AtomicLong();
		ChangeListener listener = (change) -> delivered.incrementAndGet();
		Reconnects reconnects = new Reconnects();
		ReplicationWorker worker = Shards.worker(database, "large", settings("large"), () -> List.of(listener), reconnects);
		worker.start(List.of("large_pub"));
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			database.execute("INSERT INTO large SELECT g, md5(g::text) FROM generate_series(1, " + rows + ") g");
			await().atMost(Duration.ofMinutes(2)).until(() -> delivered.get() == rows);
			assertThat(reconnects.count).as("reconnects (%s)", reconnects.reasons).hasValue(0);
		}
		finally {
			worker.stop();
			dropSlot(database, "large");
		}
	}

	/**
	 * Streams through the proxy while a writer inserts a row per transaction, cuts the streaming
	 * flow (or every flow), and checks that the stream comes back and every row arrives.
	 * @return the reason the worker gave
	 */
	private static String cutWhileWriting(String app, boolean everyFlow) throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE " + app + " (id bigint PRIMARY KEY)",
				"CREATE PUBLICATION " + app + "_pub FOR TABLE " + app);
		Shards.provision(database, app, DdlDetection.RELATION_DIFF, app + "_pub");
		Set<Long> delivered = ConcurrentHashMap.newKeySet();
		ChangeListener listener = (change) -> delivered.add(((Insert) change).row().getLong("id"));
		Reconnects reconnects = new Reconnects();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong written = new AtomicLong();
		Thread writer = new Thread(() -> write(database, app, writing, written), "writer-" + app);
		try (SilentProxy proxy = new SilentProxy(database.host(), database.port())) {
			ReplicationWorker worker = new ReplicationWorker(through(proxy, database), new ShardId(app, 0), settings(app),
					() -> List.of(listener), reconnects);
			reconnects.worker = worker;
			worker.start(List.of(app + "_pub"));
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
				writer.start();
				await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() >= 20);
				int walsenderPort = (int) database.queryForLong("SELECT r.client_port FROM pg_replication_slots s"
						+ " JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = '" + app + "'");
				int cut = everyFlow ? proxy.cutAll() : proxy.cut(walsenderPort);
				long cutAt = System.nanoTime();
				assertThat(cut).isGreaterThanOrEqualTo(everyFlow ? 2 : 1);
				await().atMost(TIMEOUT.plus(MARGIN)).pollInterval(Duration.ofMillis(20))
					.until(() -> reconnects.count.get() > 0);
				long noticed = System.nanoTime() - cutAt;
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
					.until(() -> worker.status().state() == ReplicationState.STREAMING);
				long streamingAgain = System.nanoTime() - cutAt;
				long before = written.get();
				await().atMost(Duration.ofSeconds(30)).until(() -> written.get() > before + 20);
				writing.set(false);
				writer.join(30_000);
				long last = written.get();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> LongStream.rangeClosed(1, last).allMatch(delivered::contains));
				System.out.printf("%s: dead link noticed %d ms after the cut, streaming again after %d ms; "
						+ "%d rows, all delivered; reason: %s%n", app, TimeUnit.NANOSECONDS.toMillis(noticed),
						TimeUnit.NANOSECONDS.toMillis(streamingAgain), last, reconnects.reasons.get(0));
				assertThat(reconnects.count).as("reconnects (%s)", reconnects.reasons).hasValue(1);
				return reconnects.reasons.get(0);
			}
			finally {
				writing.set(false);
				worker.stop();
			}
		}
		finally {
			dropSlot(database, app);
		}
	}

	/** The upstream {@code database} through {@code proxy}. */
	private static Upstream through(SilentProxy proxy, TestDatabase database) {
		return Upstream.of(
				database.jdbcUrl().replace(database.host() + ":" + database.port(), "127.0.0.1:" + proxy.port()),
				database.username(), database.password(), "zero/test");
	}

	private static ReplicationSettings settings(String slot) {
		return Shards.settings(slot).withStreamTimeout(TIMEOUT);
	}

	private static void write(TestDatabase database, String table, AtomicBoolean writing, AtomicLong written) {
		try (Connection connection = database.connect();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
			while (writing.get()) {
				insert.setLong(1, written.get() + 1);
				insert.executeUpdate();
				written.incrementAndGet();
				// about a hundred transactions a second: the cut falls between and inside them
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Drops the slot once its last walsender is gone. */
	private static void dropSlot(TestDatabase database, String slot) {
		await().atMost(Duration.ofSeconds(30)).until(() -> database.queryForString(
				"SELECT coalesce(bool_or(active), false) FROM pg_replication_slots WHERE slot_name = '" + slot + "'")
			.equals("f"));
		database.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
				+ slot + "'");
	}

	/** Counts reconnects, with the reason the worker gave for each. */
	private static final class Reconnects implements ReplicationMetrics {

		final AtomicInteger count = new AtomicInteger();

		final List<String> reasons = new CopyOnWriteArrayList<>();

		volatile ReplicationWorker worker;

		@Override
		public void reconnect() {
			ReplicationWorker current = this.worker;
			this.reasons.add((current != null) ? String.valueOf(current.status().error()) : "?");
			this.count.incrementAndGet();
		}

	}

}
