package dev.zero.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.zero.change.ChangeListener;
import dev.zero.replication.ReplicationWorker;

/**
 * What an idle shard costs: the CPU time its threads (the replication worker and the slot
 * watch) use while nothing is written, as a share of one core.
 */
final class IdleCost {

	private static final String SLOT = "zero_idle";

	private final BenchmarkDatabase database;

	IdleCost(BenchmarkDatabase database) {
		this.database = database;
	}

	String run(Duration window) throws Exception {
		ZeroShards.provision(this.database, SLOT);
		ChangeListener nothing = (change) -> {
		};
		ReplicationWorker worker = ZeroShards.worker(this.database, SLOT, false, nothing);
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			ZeroShards.awaitStreaming(worker);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long before = cpuNanos(threads);
			long started = System.nanoTime();
			Thread.sleep(window.toMillis());
			double share = (double) (cpuNanos(threads) - before) / (System.nanoTime() - started);
			return String.format(Locale.ROOT, "idle shard: %.3f %% of a core (thread CPU time over %d s)",
					share * 100, window.toSeconds());
		}
		finally {
			worker.stop();
			this.database.dropSlot(SLOT);
		}
	}

	private static long cpuNanos(ThreadMXBean threads) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("zero-replication-" + SLOT)
					|| thread.getName().equals("zero-slot-watch"))
			.mapToLong((thread) -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
			.sum();
	}

}
