package dev.zero.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.change.SyncComplete;
import dev.zero.replication.ReplicationWorker;

/**
 * Ours, for the initial sync: a fresh shard's {@link ReplicationWorker} with the starter's
 * default settings creates its slot and copies the table into a listener that reads every
 * column of every row through the typed getters. The clock runs from {@code start()} until the
 * listener has returned from {@code onSyncComplete}.
 */
final class ZeroSync {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private Duration deliveringCpu = Duration.ZERO;

	ZeroSync(BenchmarkDatabase database) {
		this.database = database;
	}

	/**
	 * The CPU time of the thread that delivered the last run's rows, from the reset to the end
	 * of the sync: the part that one core does whatever the parallelism, since listeners get
	 * rows one at a time.
	 */
	Duration deliveringCpu() {
		return this.deliveringCpu;
	}

	DrainResult run(int round, long expectedRows) throws Exception {
		String slot = "zero_sync_" + round;
		ZeroShards.provision(this.database, slot);
		ReadingListener listener = new ReadingListener();
		ReplicationWorker worker = ZeroShards.worker(this.database, slot, true, listener);
		long start = System.nanoTime();
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			if (!listener.synced.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("ours did not complete the initial sync within " + TIMEOUT + " ("
						+ listener.rows + " rows so far, worker " + worker.status() + ")");
			}
		}
		finally {
			worker.stop();
		}
		this.database.dropSlot(slot);
		this.deliveringCpu = Duration.ofNanos(listener.cpuAtSync - listener.cpuAtReset);
		if (listener.rows != expectedRows) {
			throw new IllegalStateException("ours delivered " + listener.rows + " rows, expected " + expectedRows);
		}
		return new DrainResult("sync", "zero", round, listener.rows, Duration.ofNanos(listener.syncedAt - start));
	}

	/**
	 * Reads every snapshot row as an application would and notes when the sync completes.
	 */
	private static final class ReadingListener implements ChangeListener {

		private final CountDownLatch synced = new CountDownLatch(1);

		// Written on the worker thread before the latch opens, read after it: the latch orders them.
		private long rows;

		// A field the listener, which escapes to the worker, writes: the JIT must compute it.
		private long checksum;

		private long syncedAt;

		private long cpuAtReset;

		private long cpuAtSync;

		private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

		@Override
		public void onReset(Reset reset) {
			this.cpuAtReset = this.threads.getCurrentThreadCpuTime();
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert && insert.snapshot()) {
				this.checksum += BenchmarkTable.read(insert.row());
				this.rows++;
			}
		}

		@Override
		public void onSyncComplete(SyncComplete complete) {
			this.syncedAt = System.nanoTime();
			this.cpuAtSync = this.threads.getCurrentThreadCpuTime();
			this.synced.countDown();
		}

	}

}
