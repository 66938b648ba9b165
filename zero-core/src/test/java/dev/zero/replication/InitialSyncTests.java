package dev.zero.replication;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Insert;
import dev.zero.change.ResetReason;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first start copies every published row from the slot's snapshot, then streams from its
 * consistent point: no row missed, none twice.
 */
class InitialSyncTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private final List<ReplicationWorker> workers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.workers.forEach(ReplicationWorker::stop);
	}

	@Test
	void copiesThreeTablesWhileAWriterWritesAndConvergesWithEveryLaterWriteSeenOnce() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE i1 (id bigint PRIMARY KEY, v int NOT NULL)",
				"CREATE TABLE i2 (id bigint PRIMARY KEY, v int NOT NULL, note text)",
				"CREATE TABLE i3 (id bigint PRIMARY KEY, v int NOT NULL, secret text)",
				"INSERT INTO i1 SELECT g, 0 FROM generate_series(1, 20000) g",
				"INSERT INTO i2 SELECT g, 0, 'n' || g FROM generate_series(1, 20000) g",
				"INSERT INTO i3 SELECT g, 0, 's' || g FROM generate_series(1, 20000) g",
				"CREATE PUBLICATION pi_all FOR TABLE i1, i2",
				"CREATE PUBLICATION pi_filtered FOR TABLE i3 (id, v) WHERE (id % 3 <> 0)");
		Shards.provision(database, "isync", DdlDetection.RELATION_DIFF, "pi_all", "pi_filtered");
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = Shards.worker(database, "isync",
				new ReplicationSettings("isync", Duration.ofSeconds(1), false, Duration.ofSeconds(5), true, 3, true),
				() -> List.of(view), ReplicationMetrics.NONE);
		this.workers.add(worker);
		AtomicBoolean writing = new AtomicBoolean(true);
		CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> write(database, writing));
		worker.start(List.of("pi_all", "pi_filtered"));
		await().atMost(Duration.ofSeconds(60)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		writing.set(false);
		int written = writer.get(1, TimeUnit.MINUTES);
		assertThat(written).as("writes during the sync").isPositive();
		long lastId = database.queryForLong("SELECT max(id) FROM i1");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> view.view("public.i1").containsKey(Long.toString(lastId))
					&& view.view("public.i1").equals(ConvergedView.select(database, "SELECT id, v FROM i1")));
		assertThat(view.view("public.i2")).isEqualTo(ConvergedView.select(database, "SELECT id, v, note FROM i2"));
		assertThat(view.view("public.i3"))
			.isEqualTo(ConvergedView.select(database, "SELECT id, v FROM i3 WHERE id % 3 <> 0"));
		assertThat(view.resets).singleElement().satisfies((reset) -> assertThat(reset.reason()).isEqualTo(ResetReason.INITIAL));
		assertThat(view.syncs).singleElement().satisfies((sync) -> assertThat(sync.rows()).isGreaterThanOrEqualTo(40000));
		Map<String, Integer> inserted = new HashMap<>();
		for (var change : view.changes()) {
			if (change instanceof Insert insert && insert.table().name().equals("i1")) {
				inserted.merge(insert.row().getString("id"), 1, Integer::sum);
			}
		}
		assertThat(inserted).hasSize((int) database.queryForLong("SELECT count(*) FROM i1"));
		assertThat(inserted.values()).containsOnly(1);
		assertThat(database.queryForString("SELECT synced::text || ' ' || last_reset_reason FROM isync_spring_0.replication_state"))
			.isEqualTo("true initial");
	}

	@Test
	void withoutInitialSyncTheListenerIsResetAndStreamsOnly() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE n1 (id bigint PRIMARY KEY)", "INSERT INTO n1 VALUES (1)",
				"CREATE PUBLICATION pn FOR TABLE n1");
		Shards.provision(database, "nosync", DdlDetection.RELATION_DIFF, "pn");
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = Shards.worker(database, "nosync",
				new ReplicationSettings("nosync", Duration.ofSeconds(1), false, Duration.ofSeconds(5), false, 1, true),
				() -> List.of(view), ReplicationMetrics.NONE);
		this.workers.add(worker);
		worker.start(List.of("pn"));
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		database.execute("INSERT INTO n1 VALUES (2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> view.view("public.n1").size() == 1);
		assertThat(view.view("public.n1")).containsOnlyKeys("2");
		assertThat(view.syncs).singleElement().satisfies((sync) -> assertThat(sync.rows()).isZero());
	}

	@Test
	void healthShowsTheSyncWithPerTableProgress() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE p1 (id bigint PRIMARY KEY)", "INSERT INTO p1 SELECT generate_series(1, 5000)",
				"ANALYZE p1", "CREATE PUBLICATION pp FOR TABLE p1");
		Shards.provision(database, "progress", DdlDetection.RELATION_DIFF, "pp");
		CompletableFuture<Void> release = new CompletableFuture<>();
		ConvergedView view = new ConvergedView() {

			@Override
			public void onChange(dev.zero.change.Change change) {
				if (change instanceof Insert insert && insert.snapshot() && insert.row().getLong("id") == 1000) {
					release.join();
				}
				super.onChange(change);
			}

		};
		ReplicationWorker worker = Shards.worker(database, "progress", Shards.settings("progress"),
				() -> List.of(view), ReplicationMetrics.NONE);
		this.workers.add(worker);
		worker.start(List.of("pp"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> worker.status().state() == ReplicationState.SYNCING && !worker.status().syncProgress().isEmpty()
					&& worker.status().syncProgress().get(0).rowsCopied() > 0);
		SyncProgress progress = worker.status().syncProgress().get(0);
		assertThat(progress.table().toString()).isEqualTo("public.p1");
		assertThat(progress.estimatedRows()).isEqualTo(5000);
		assertThat(progress.done()).isFalse();
		release.complete(null);
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		assertThat(worker.status().syncProgress()).isEmpty();
		assertThat(worker.status().lastResetReason()).isEqualTo(ResetReason.INITIAL);
	}

	/** Inserts new rows and updates old ones in all three tables until told to stop. */
	private static int write(TestDatabase database, AtomicBoolean writing) {
		int written = 0;
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			long next = 1_000_000;
			while (writing.get() || written < 50) {
				next++;
				statement.execute("BEGIN");
				statement.execute("INSERT INTO i1 VALUES (" + next + ", 1)");
				statement.execute("UPDATE i1 SET v = v + 1 WHERE id = " + (next % 20000 + 1));
				statement.execute("UPDATE i2 SET v = v + 1, note = 'changed' WHERE id = " + (next % 20000 + 1));
				statement.execute("UPDATE i3 SET v = v + 1, secret = 'x' WHERE id = " + (next % 20000 + 1));
				statement.execute("COMMIT");
				written++;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return written;
	}

}
