package dev.zero.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
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

	ZeroSync(BenchmarkDatabase database) {
		this.database = database;
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
			this.synced.countDown();
		}

	}

}
