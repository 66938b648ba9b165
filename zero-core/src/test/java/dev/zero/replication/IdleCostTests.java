package dev.zero.replication;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.publication.DdlDetection;
import dev.zero.shard.ShardId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle shard costs nothing: its threads block in the socket read and in the watch's
 * schedule, using well under 0.2 % of a core over a minute, measured from their CPU time.
 * <p>
 * The minute is spent waiting, so the class runs beside the others (see
 * {@code junit-platform.properties}); its ticks run on a scheduler thread of its own, so that
 * the other tests' shards are not counted.
 */
@Execution(ExecutionMode.CONCURRENT)
class IdleCostTests {

	private static final String WATCH_THREAD = "zero-slot-watch-idle-cost";

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void anIdleShardsThreadsUseAlmostNoCpu() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE quiet (id bigint PRIMARY KEY)", "CREATE PUBLICATION quiet_pub FOR TABLE quiet");
		Shards.provision(database, "quiet", DdlDetection.RELATION_DIFF, "quiet_pub");
		RecordingListener listener = new RecordingListener();
		ScheduledExecutorService ticks = Executors
			.newSingleThreadScheduledExecutor((task) -> new Thread(task, WATCH_THREAD));
		ReplicationWorker worker = new ReplicationWorker(Shards.upstream(database), new ShardId("quiet", 0),
				Shards.settings("quiet"), () -> List.of(listener), List::of, DeliverySettings.DEFAULTS,
				ReplicationMetrics.NONE, ZeroThreads.defaults().withScheduler(ticks));
		worker.start(List.of("quiet_pub"));
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			database.execute("INSERT INTO quiet VALUES (1)");
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.changes().size() == 1);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long before = cpuNanos(threads);
			long started = System.nanoTime();
			await().during(Duration.ofSeconds(60))
				.atMost(Duration.ofSeconds(70))
				.until(() -> worker.status().state() == ReplicationState.STREAMING);
			double share = (double) (cpuNanos(threads) - before) / (System.nanoTime() - started);
			System.out.printf("idle shard CPU: %.4f %% of a core%n", share * 100);
			assertThat(share).as("share of a core used by an idle shard's threads").isLessThan(0.002);
			database.execute("INSERT INTO quiet VALUES (2)");
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.changes().size() == 2);
		}
		finally {
			worker.stop();
			ticks.shutdownNow();
		}
	}

	/** The CPU time of the worker's thread and the watch's thread. */
	private static long cpuNanos(ThreadMXBean threads) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("zero-replication-quiet")
					|| thread.getName().equals(WATCH_THREAD))
			.mapToLong((thread) -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
			.sum();
	}

}
