package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.ResetReason;
import dev.zero.change.ResyncComplete;
import dev.zero.change.ResyncStart;
import dev.zero.change.TableName;
import dev.zero.change.Update;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A table re-read while the stream goes on and a writer updates, deletes and inserts rows
 * of it: a listener that materializes the table (cleared when the re-sync starts) ends
 * exactly equal to it, and the other table is not read again.
 */
class TableResyncTests {

	private static final int ROWS = 20_000;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void aTableReReadWhileAWriterChangesItEndsExactlyEqual() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE mirrored (id bigint PRIMARY KEY, val text NOT NULL)",
				"CREATE TABLE other (id bigint PRIMARY KEY)", "INSERT INTO other SELECT generate_series(1, 100)",
				"INSERT INTO mirrored SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g",
				"CREATE PUBLICATION mirrored_pub FOR TABLE mirrored, other");
		Shards.provision(database, "mirror", DdlDetection.RELATION_DIFF, "mirrored_pub");
		Materialized listener = new Materialized();
		ReplicationWorker worker = new ReplicationWorker(Shards.upstream(database), new dev.zero.shard.ShardId("mirror", 0),
				Shards.settings("mirror_spring_0"), () -> List.of(listener), List::of,
				new DeliverySettings(1000, Duration.ofMillis(200), 10_000, false, 1_000), ReplicationMetrics.NONE);
		worker.start(List.of("mirrored_pub"));
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong writes = new AtomicLong();
		Thread writer = new Thread(() -> write(database, writing, writes));
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> listener.rows.size() == ROWS);
			long otherRowsBefore = listener.otherRows.get();
			writer.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() > 200);
			ReplicationWorker.ResyncRequest request = worker.requestResync(List.of(new TableName("public", "mirrored")));
			assertThat(request.resyncing()).containsExactly(new TableName("public", "mirrored"));
			assertThat(request.fullReset()).isFalse();
			await().atMost(Duration.ofSeconds(120)).until(() -> !listener.completes.isEmpty());
			writing.set(false);
			writer.join(30_000);
			Map<Long, String> expected = table(database);
			await().atMost(Duration.ofSeconds(60)).until(() -> new TreeMap<>(listener.rows).equals(expected));
			assertThat(listener.starts).hasSize(1);
			assertThat(listener.completes).singleElement()
				.satisfies((complete) -> assertThat(complete.chunks()).isGreaterThanOrEqualTo(ROWS / 1_000));
			assertThat(listener.otherRows.get()).as("the other table is not read again").isEqualTo(otherRowsBefore);
			assertThat(database.queryForString("SELECT completed_at IS NOT NULL FROM mirror_spring_0.resync"))
				.isEqualTo("t");
			assertThat(worker.status().resyncProgress()).singleElement()
				.satisfies((progress) -> assertThat(progress.done()).isTrue());
			System.out.printf("re-read %d rows in %d chunks while %d writes%n", listener.completes.get(0).rows(),
					listener.completes.get(0).chunks(), writes.get());
		}
		finally {
			writing.set(false);
			worker.stop();
			database.execute("SELECT pg_drop_replication_slot('mirror_spring_0')");
		}
	}

	@Test
	void aTableAddedToThePublicationWithRowsIsReReadWithoutAReset() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE added_first (id bigint PRIMARY KEY, val text NOT NULL)",
				"CREATE TABLE added_later (id bigint PRIMARY KEY, val text NOT NULL)",
				"INSERT INTO added_later SELECT g, 'later' || g FROM generate_series(1, 2500) g",
				"CREATE PUBLICATION added_pub FOR TABLE added_first");
		Shards.provision(database, "added", DdlDetection.EVENT_TRIGGERS, "added_pub");
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = new ReplicationWorker(Shards.upstream(database), new dev.zero.shard.ShardId("added", 0),
				Shards.settings("added_spring_0"), () -> List.of(view), List::of,
				new DeliverySettings(1000, Duration.ofMillis(200), 10_000, false, 1_000), ReplicationMetrics.NONE);
		worker.start(List.of("added_pub"));
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			database.execute("ALTER PUBLICATION added_pub ADD TABLE added_later",
					"INSERT INTO added_first VALUES (1, 'first')");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> view.view("public.added_later").size() == 2500 && view.view("public.added_first").size() == 1);
			assertThat(view.view("public.added_later"))
				.isEqualTo(ConvergedView.select(database, "SELECT id, val FROM added_later"));
			assertThat(view.resets).extracting((reset) -> reset.reason()).containsExactly(ResetReason.INITIAL);
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().resyncProgress()
				.stream()
				.anyMatch((progress) -> progress.done() && progress.rowsCopied() == 2500));
		}
		finally {
			worker.stop();
			database.execute("SELECT pg_drop_replication_slot('added_spring_0')");
		}
	}

	private static Map<Long, String> table(TestDatabase database) throws Exception {
		Map<Long, String> rows = new TreeMap<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT id, val FROM mirrored")) {
			while (result.next()) {
				rows.put(result.getLong(1), result.getString(2));
			}
		}
		return rows;
	}

	/** Updates, deletes and inserts random rows, each in its own transaction. */
	private static void write(TestDatabase database, AtomicBoolean writing, AtomicLong writes) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long next = ROWS + 1;
		try (Connection connection = database.connect();
				PreparedStatement update = connection.prepareStatement("UPDATE mirrored SET val = ? WHERE id = ?");
				PreparedStatement delete = connection.prepareStatement("DELETE FROM mirrored WHERE id = ?");
				PreparedStatement insert = connection.prepareStatement("INSERT INTO mirrored VALUES (?, ?)")) {
			while (writing.get()) {
				int kind = random.nextInt(10);
				if (kind < 7) {
					update.setString(1, "w" + writes.get());
					update.setLong(2, 1 + random.nextLong(next));
					update.executeUpdate();
				}
				else if (kind < 9) {
					delete.setLong(1, 1 + random.nextLong(next));
					delete.executeUpdate();
				}
				else {
					insert.setLong(1, next);
					insert.setString(2, "new" + next);
					insert.executeUpdate();
					next++;
				}
				writes.incrementAndGet();
				Thread.sleep(2);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The table as the changes describe it; cleared when its re-sync starts. */
	static final class Materialized implements ChangeListener {

		final Map<Long, String> rows = new ConcurrentHashMap<>();

		final AtomicLong otherRows = new AtomicLong();

		final List<ResyncStart> starts = new CopyOnWriteArrayList<>();

		final List<ResyncComplete> completes = new CopyOnWriteArrayList<>();

		@Override
		public void onResyncStart(ResyncStart start) {
			this.starts.add(start);
			this.rows.clear();
		}

		@Override
		public void onResyncComplete(ResyncComplete complete) {
			this.completes.add(complete);
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert && insert.table().name().equals("other")) {
				this.otherRows.incrementAndGet();
			}
			else if (change instanceof Insert insert) {
				this.rows.put(insert.row().getLong("id"), insert.row().getString("val"));
			}
			else if (change instanceof Update update) {
				this.rows.put(update.row().getLong("id"), update.row().getString("val"));
			}
			else if (change instanceof Delete delete) {
				this.rows.remove(delete.old().getLong("id"));
			}
		}

	}

}
