package dev.zero.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zero.autoconfigure.observation.ZeroObservations;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.replication.ReplicationWorker;

/**
 * Ours: a {@link ReplicationWorker} with the starter's default settings drains a slot into a
 * listener that reads every column of every row through the typed getters. The clock stops
 * when the listener has returned from the commit at or past the end position, which is when
 * the worker acknowledges it.
 */
final class ZeroDrain {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private final ZeroObservations observations;

	ZeroDrain(BenchmarkDatabase database, ZeroObservations observations) {
		this.database = database;
		this.observations = observations;
	}

	DrainResult run(int round, String slot, Lsn end, long expectedChanges) throws InterruptedException {
		ReadingListener listener = new ReadingListener(end);
		ReplicationWorker worker = ZeroShards.worker(this.database, slot, true,
				this.observations.listener(listener, BenchmarkObservations.LISTENER));
		long start = System.nanoTime();
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			if (!listener.reached.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("ours did not deliver the commit at " + end + " within " + TIMEOUT
						+ " (" + listener.changes + " changes so far, worker " + worker.status() + ")");
			}
		}
		finally {
			worker.stop();
		}
		if (listener.changes != expectedChanges) {
			throw new IllegalStateException("ours delivered " + listener.changes + " changes, expected " + expectedChanges);
		}
		return new DrainResult("drain", "zero", round, listener.changes, Duration.ofNanos(listener.reachedAt - start));
	}

	/**
	 * Reads every row as an application would and notes when the end position is delivered.
	 */
	private static final class ReadingListener implements ChangeListener {

		private final Lsn end;

		private final CountDownLatch reached = new CountDownLatch(1);

		// Written on the worker thread before the latch opens, read after it: the latch orders them.
		private long changes;

		// A field the listener, which escapes to the worker, writes: the JIT must compute it.
		private long checksum;

		private long reachedAt;

		ReadingListener(Lsn end) {
			this.end = end;
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert) {
				this.checksum += BenchmarkTable.read(insert.row());
				this.changes++;
			}
		}

		@Override
		public void onCommit(Commit commit) {
			if (this.reached.getCount() > 0 && commit.endLsn().compareTo(this.end) >= 0) {
				this.reachedAt = System.nanoTime();
				this.reached.countDown();
			}
		}

	}

}
