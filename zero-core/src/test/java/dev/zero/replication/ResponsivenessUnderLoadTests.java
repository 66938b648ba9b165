package dev.zero.replication;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.ChangeListener;
import dev.zero.change.ResetReason;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.shard.ShardId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While a writer keeps the stream saturated (transactions of 5,000 rows back to back), the
 * lag is still measured every status interval, a requested reset happens after the
 * transaction in hand, and stop returns within its timeout.
 */
class ResponsivenessUnderLoadTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void lagResetAndStopStayResponsiveUnderSustainedLoad() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE busy (id bigint PRIMARY KEY, payload text)",
				"CREATE PUBLICATION busy_pub FOR TABLE busy");
		Shards.provision(database, "busy", DdlDetection.RELATION_DIFF, "busy_pub");
		AtomicLong changes = new AtomicLong();
		ChangeListener counter = (change) -> changes.incrementAndGet();
		ReplicationWorker worker = new ReplicationWorker(Shards.upstream(database), new ShardId("busy", 0),
				new ReplicationSettings("busy", Duration.ofSeconds(1), false, Duration.ofSeconds(3)),
				() -> List.of(counter), ReplicationMetrics.NONE);
		AtomicBoolean writing = new AtomicBoolean(true);
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(database, writing));
		try {
			worker.start(List.of("busy_pub"));
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			await().atMost(Duration.ofSeconds(30)).until(() -> changes.get() > 20_000);

			Set<Long> lags = new LinkedHashSet<>();
			long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
				lags.add(worker.status().lagBytes());
				return System.nanoTime() > until;
			});
			lags.remove(-1L);
			assertThat(lags).as("lag measured every second while the stream is busy").hasSizeGreaterThanOrEqualTo(3);

			worker.requestReset(ResetReason.MANUAL);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> worker.status().lastResetReason() == ResetReason.MANUAL);

			await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			long started = System.nanoTime();
			worker.stop();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3 + 2));
		}
		finally {
			writing.set(false);
			writer.get(60, TimeUnit.SECONDS);
			worker.stop();
		}
	}

	/** Transactions of 5,000 rows back to back, for at most two minutes. */
	private static void write(TestDatabase database, AtomicBoolean writing) {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			for (long from = 0; writing.get() && System.nanoTime() < deadline; from += 5_000) {
				statement.execute("INSERT INTO busy SELECT g, repeat('x', 50) FROM generate_series(" + from + ", "
						+ (from + 4_999) + ") g");
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
