package dev.zero.target;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.test.ForkedJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transactional listener keeps per-list counts of todos in the same database while writers
 * insert, update and delete todos; its JVM is killed with {@code kill -9} at random moments,
 * once in the middle of the initial sync, and the walsender is terminated and PostgreSQL
 * crashes in between. The counts end exactly equal to the table's: nothing counted twice,
 * nothing missed. Once with a replication origin (a superuser), once with the shard's state
 * table (a role that may not use origins).
 */
class ExactlyOnceCrashTests {

	private static final int INITIAL_ROWS = 20_000;

	private static final int LISTS = 20;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.dedicated()
		.build();

	@TempDir
	Path work;

	@Test
	void countsConvergeExactlyWithAReplicationOrigin() throws Exception {
		TestDatabase database = postgres.database();
		survivesCrashes(database, "counts_origin", database.username(), database.password(), PositionStore.ORIGIN);
	}

	@Test
	void countsConvergeExactlyWithTheStateTableForARoleWithoutOrigins() throws Exception {
		TestDatabase database = postgres.database();
		String role = postgres.createRole("counter", "LOGIN REPLICATION", "counter-secret");
		database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO counter",
				"CREATE SCHEMA counter AUTHORIZATION counter");
		survivesCrashes(database, "counts_table", role, "counter-secret", PositionStore.AUTO);
	}

	private void survivesCrashes(TestDatabase database, String appId, String user, String password,
			PositionStore store) throws Exception {
		String schema = user.equals(database.username()) ? "public" : user;
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("SET search_path = " + schema);
			statement.execute("CREATE TABLE todo (id bigserial PRIMARY KEY, list_id int NOT NULL, done boolean NOT NULL)");
			statement.execute("ALTER TABLE todo REPLICA IDENTITY FULL");
			statement.execute("CREATE TABLE list_stats (list_id int PRIMARY KEY, todos int NOT NULL)");
			statement.execute("INSERT INTO todo (list_id, done) SELECT g % " + LISTS + ", false FROM generate_series(1, "
					+ INITIAL_ROWS + ") g");
			statement.execute("CREATE PUBLICATION " + appId + "_pub FOR TABLE todo");
			new PublicationProvisioner(new PublicationSettings(new ShardId(appId, 0), List.of(appId + "_pub"),
					List.of(schema), ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
		String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong writes = new AtomicLong();
		Thread writer = new Thread(() -> write(url, user, password, writing, writes), "todo-writer");
		writer.start();
		try {
			// killed in the middle of the initial sync: the next one starts over with onReset
			ForkedJvm syncing = listener(url, user, password, appId, store, 200);
			await().atMost(Duration.ofSeconds(60)).until(() -> sum(url, user, password) >= 2_000);
			assertThat(synced(database, appId)).as("still syncing when killed").isFalse();
			syncing.kill();
			for (int round = 1; round <= 5; round++) {
				ForkedJvm listener = listener(url, user, password, appId, store, 0);
				long before = writes.get();
				await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() > before + 50 && synced(database, appId));
				Thread.sleep(ThreadLocalRandom.current().nextInt(200, 2_000));
				if (round == 2) {
					database.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
							+ "WHERE slot_name = '" + appId + "_spring_0' AND active");
					Thread.sleep(ThreadLocalRandom.current().nextInt(200, 1_000));
				}
				if (round == 4) {
					postgres.embedded().crashAndRestart();
					long after = writes.get();
					await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() > after + 50);
				}
				listener.kill();
			}
			ForkedJvm last = listener(url, user, password, appId, store, 0);
			try {
				long before = writes.get();
				await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() > before + 100);
				writing.set(false);
				writer.join(30_000);
				Map<Integer, Integer> expected = query(url, user, password,
						"SELECT list_id, count(*) FROM todo GROUP BY list_id");
				// a restarted listener takes the origin over from the killed one's backend within seconds
				// (OriginTakeoverTests); the expected counts are in the message when they are not reached
				try {
					await("the counts to become " + expected).atMost(Duration.ofSeconds(90))
						.until(() -> query(url, user, password, "SELECT list_id, todos FROM list_stats WHERE todos <> 0"),
								expected::equals);
				}
				catch (org.awaitility.core.ConditionTimeoutException ex) {
					// what the listeners said is the evidence: a late listener, or one that counted wrong
					throw new AssertionError(ex.getMessage() + "\nThe listeners' log ends with:\n" + last.logTail(80)
							+ "\nThe server's sessions:\n" + database.queryForString("SELECT string_agg(format('%s %s %s %s/%s xact=%s: %s', "
									+ "pid, application_name, backend_type, state, wait_event, xact_start, left(query, 120)), E'\\n') "
									+ "FROM pg_stat_activity WHERE datname = current_database()")
							+ "\nThe slot: " + database.queryForString("SELECT format('active=%s pid=%s confirmed=%s', active, "
									+ "active_pid, confirmed_flush_lsn) FROM pg_replication_slots WHERE slot_name = '" + appId + "_spring_0'")
							+ "\nThe origin: " + database.queryForString("SELECT string_agg(format('%s %s', external_id, "
									+ "remote_lsn), ',') FROM pg_replication_origin_status"),
							ex);
				}
				System.out.printf("%s: %d writes, counts exact%n", store, writes.get());
			}
			finally {
				last.kill();
			}
		}
		finally {
			writing.set(false);
			writer.join(30_000);
		}
	}

	/** Inserts, moves, completes and deletes random todos, reconnecting through crashes. */
	private static void write(String url, String user, String password, AtomicBoolean writing, AtomicLong writes) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (writing.get()) {
			try (Connection connection = DriverManager.getConnection(url, user, password)) {
				while (writing.get()) {
					try (PreparedStatement statement = connection.prepareStatement(switch (random.nextInt(4)) {
						case 0 -> "INSERT INTO todo (list_id, done) VALUES (?, false)";
						case 1 -> "UPDATE todo SET list_id = ? WHERE id = (SELECT id FROM todo ORDER BY random() LIMIT 1)";
						case 2 -> "DELETE FROM todo WHERE id = (SELECT max(id) - ? FROM todo)";
						default -> "UPDATE todo SET done = NOT done WHERE id = (SELECT min(id) + ? FROM todo)";
					})) {
						statement.setInt(1, random.nextInt(LISTS));
						statement.executeUpdate();
					}
					writes.incrementAndGet();
					Thread.sleep(2);
				}
			}
			catch (SQLException ex) {
				// the server crashed: reconnect
				sleepQuietly();
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A listener JVM; all of a test's listeners append to one log. */
	private ForkedJvm listener(String url, String user, String password, String appId, PositionStore store,
			int snapshotDelayMicros) throws Exception {
		return ForkedJvm.start(TransactionalCountsMain.class, 128, this.work.resolve(appId + ".log"), url, user,
				password, appId, appId + "_pub", store.name(), "100", "500", Integer.toString(snapshotDelayMicros));
	}

	private static boolean synced(TestDatabase database, String appId) {
		return "t".equals(database.queryForString(
				"SELECT synced FROM \"" + appId + "_spring_0\".replication_state"));
	}

	private static long sum(String url, String user, String password) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT coalesce(sum(todos), 0) FROM list_stats")) {
			row.next();
			return row.getLong(1);
		}
	}

	private static Map<Integer, Integer> query(String url, String user, String password, String sql)
			throws SQLException {
		Map<Integer, Integer> counts = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				counts.put(rows.getInt(1), rows.getInt(2));
			}
		}
		return counts;
	}

}
