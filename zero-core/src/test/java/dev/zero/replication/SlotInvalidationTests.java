package dev.zero.replication;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.ResetReason;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slot that falls further behind than {@code max_slot_wal_keep_size} is invalidated by the
 * server; the listener notices, starts over with a fresh slot and converges.
 */
class SlotInvalidationTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.setting("max_slot_wal_keep_size", "1MB")
		.setting("max_wal_size", "32MB")
		.setting("min_wal_size", "32MB")
		.dedicated()
		.build();

	@Test
	void anInvalidatedSlotIsReplacedAndTheViewConverges() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE kept (id bigint PRIMARY KEY, v text)", "INSERT INTO kept VALUES (1, 'a')",
				"CREATE TABLE filler (payload text)", "CREATE PUBLICATION pk FOR TABLE kept");
		Shards.provision(database, "inval", DdlDetection.RELATION_DIFF, "pk");
		ConvergedView first = new ConvergedView();
		ReplicationWorker worker = Shards.worker(database, "inval", Shards.settings("inval"), () -> List.of(first),
				ReplicationMetrics.NONE);
		worker.start(List.of("pk"));
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		worker.stop();
		database.execute("INSERT INTO kept VALUES (2, 'b')", "UPDATE kept SET v = 'c' WHERE id = 1");
		for (int i = 0; i < 4; i++) {
			database.execute("INSERT INTO filler SELECT repeat(md5(g::text), 32) FROM generate_series(1, 16000) g",
					"SELECT pg_switch_wal()");
		}
		database.execute("CHECKPOINT");
		assertThat(database.queryForString("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'inval'"))
			.isEqualTo("lost");
		ConvergedView second = new ConvergedView();
		ReplicationWorker restarted = Shards.worker(database, "inval", Shards.settings("inval"), () -> List.of(second),
				ReplicationMetrics.NONE);
		restarted.start(List.of("pk"));
		try {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> restarted.status().state() == ReplicationState.STREAMING);
			assertThat(second.resets).extracting((reset) -> reset.reason())
				.containsExactly(ResetReason.SLOT_INVALIDATED);
			assertThat(second.view("public.kept")).isEqualTo(ConvergedView.select(database, "SELECT id, v FROM kept"));
			assertThat(database.queryForString("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'inval'"))
				.isIn("reserved", "extended");
			database.execute("INSERT INTO kept VALUES (3, 'd')");
			await().atMost(Duration.ofSeconds(30)).until(() -> second.view("public.kept").size() == 3);
		}
		finally {
			restarted.stop();
			database.execute("SELECT pg_drop_replication_slot('inval')");
		}
	}

}
