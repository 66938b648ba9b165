package dev.zero.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.test.ForkedJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A writer commits numbered transactions while the publishing application (a JVM of its own;
 * the broker stays in the test's) is killed with {@code kill -9} five times at random moments,
 * its walsender is terminated once and PostgreSQL crashes and restarts once. A
 * {@code read_committed} consumer then holds every committed row exactly once, none missing,
 * none twice, and each key's changes in commit order.
 */
class KafkaExactlyOnceCrashTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int ITEMS = 10;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.dedicated()
		.build();

	@TempDir
	Path work;

	@Test
	void everyCommittedRowIsPublishedExactlyOnceInCommitOrderThroughKillsAWalsenderKillAndARestart()
			throws Exception {
		TestDatabase database = postgres.database();
		String app = "chaos";
		database.execute("CREATE TABLE event (seq bigint PRIMARY KEY)",
				"CREATE TABLE item (id int PRIMARY KEY, version bigint NOT NULL)",
				"CREATE PUBLICATION chaos_pub FOR TABLE event, item");
		PublisherProcesses.provision(database, app);
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong written = new AtomicLong();
		Thread writer = new Thread(() -> write(database, writing, written), "numbered-writer");
		writer.start();
		try {
			for (int round = 1; round <= 5; round++) {
				ForkedJvm publisher = PublisherProcesses.start(this.work.resolve("chaos.log"), database, app, "publisher");
				long published = PublisherProcesses.events(app).size();
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> synced(database, app) && PublisherProcesses.events(app).size() > published + 50);
				Thread.sleep(ThreadLocalRandom.current().nextInt(200, 1_500));
				if (round == 2) {
					database.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
							+ "WHERE slot_name = '" + app + "_spring_0' AND active");
					Thread.sleep(ThreadLocalRandom.current().nextInt(200, 1_000));
				}
				if (round == 4) {
					postgres.embedded().crashAndRestart();
					long after = written.get();
					await().atMost(Duration.ofSeconds(60)).until(() -> written.get() > after + 50);
				}
				publisher.kill();
			}
			ForkedJvm last = PublisherProcesses.start(this.work.resolve("chaos.log"), database, app, "publisher");
			try {
				long before = written.get();
				await().atMost(Duration.ofSeconds(60)).until(() -> written.get() > before + 100);
				writing.set(false);
				writer.join(30_000);
				List<Long> committed = longs(database, "SELECT seq FROM event ORDER BY seq");
				await().atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> PublisherProcesses.events(app).size() >= committed.size());
				List<Long> published = new ArrayList<>(PublisherProcesses.events(app));
				assertThat(published).as("each committed event once").hasSameSizeAs(committed);
				published.sort(null);
				assertThat(published).isEqualTo(committed);
				Map<Integer, List<Long>> versions = itemVersions(app);
				Map<Integer, Long> finalVersions = new TreeMap<>();
				versions.forEach((id, list) -> {
					assertThat(list).as("versions of item %d, in commit order, each once", id).isSorted()
						.doesNotHaveDuplicates();
					finalVersions.put(id, list.get(list.size() - 1));
				});
				Map<Integer, Long> expected = new TreeMap<>();
				try (Connection connection = database.connect(); Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("SELECT id, version FROM item")) {
					while (rows.next()) {
						expected.put(rows.getInt(1), rows.getLong(2));
					}
				}
				assertThat(finalVersions).isEqualTo(expected);
				System.out.printf("kafka chaos: %d transactions, each published once%n", committed.size());
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

	/** Commits numbered transactions: a new event and the item it updates, reconnecting through crashes. */
	private static void write(TestDatabase database, AtomicBoolean writing, AtomicLong written) {
		long seq = 0;
		while (writing.get()) {
			try (Connection connection = database.connect()) {
				connection.setAutoCommit(false);
				try (PreparedStatement event = connection.prepareStatement("INSERT INTO event VALUES (?)");
						PreparedStatement item = connection.prepareStatement("INSERT INTO item VALUES (?, ?) "
								+ "ON CONFLICT (id) DO UPDATE SET version = excluded.version")) {
					while (writing.get()) {
						seq++;
						event.setLong(1, seq);
						event.executeUpdate();
						item.setInt(1, (int) (seq % ITEMS));
						item.setLong(2, seq);
						item.executeUpdate();
						connection.commit();
						written.incrementAndGet();
						Thread.sleep(2);
					}
				}
			}
			catch (SQLException ex) {
				// the server crashed (the commit in flight may or may not have happened: the table tells)
				sleepQuietly();
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** The versions each item's records carry, in the order a consumer reads them. */
	private static Map<Integer, List<Long>> itemVersions(String app) {
		Map<Integer, List<Long>> versions = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : KafkaBroker.readCommitted(app + ".public.item")) {
			JsonNode after = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8)).path("after");
			versions.computeIfAbsent(after.path("id").asInt(), (id) -> new ArrayList<>()).add(after.path("version").asLong());
		}
		return versions;
	}

	private static boolean synced(TestDatabase database, String app) {
		try {
			return "t".equals(database.queryForString("SELECT synced FROM \"" + app + "_spring_0\".replication_state"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static List<Long> longs(TestDatabase database, String sql) throws SQLException {
		List<Long> values = new ArrayList<>();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getLong(1));
			}
		}
		return values;
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
