package dev.zero.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.replication.ReplicationWorker;

/**
 * How long a committed transaction takes to reach a listener while the application writes at a
 * steady rate: from the commit time PostgreSQL records (the server's clock, the same machine's
 * as ours) to the listener's commit callback. Transactions committed during the warm-up are
 * delivered but not counted.
 */
final class LiveLatency {

	private static final String SLOT = "zero_live";

	private final BenchmarkDatabase database;

	private final BenchmarkSettings settings;

	private final int rate;

	LiveLatency(BenchmarkDatabase database, BenchmarkSettings settings, int rate) {
		this.database = database;
		this.settings = settings;
		this.rate = rate;
	}

	Result run(long firstId) throws Exception {
		ZeroShards.provision(this.database, SLOT);
		long seconds = this.settings.liveWarmup().plus(this.settings.liveMeasured()).toSeconds();
		LatencyListener listener = new LatencyListener((int) Math.min(Integer.MAX_VALUE - 8,
				(seconds + 5) * this.rate));
		// A reset without the copy: the table holds the drains' million rows, which this
		// measurement is not about.
		ReplicationWorker worker = ZeroShards.worker(this.database, SLOT, false, listener);
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			ZeroShards.awaitStreaming(worker);
			PacedWriter writer = new PacedWriter(this.database, this.rate, firstId);
			Instant began = Instant.now();
			long start = System.nanoTime();
			long committed = writer.run(start, this.settings.liveWarmup().plus(this.settings.liveMeasured()).toNanos());
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (listener.received.get() < committed && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			if (listener.received.get() < committed) {
				throw new IllegalStateException("only " + listener.received.get() + " of " + committed
						+ " live transactions were delivered within 30 s after the writer stopped");
			}
			Instant from = began.plus(this.settings.liveWarmup());
			return listener.result(micros(from), micros(from.plus(this.settings.liveMeasured())),
					this.settings.liveMeasured());
		}
		finally {
			worker.stop();
			this.database.dropSlot(SLOT);
		}
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
	}

	/**
	 * What the live benchmark measured.
	 *
	 * @param transactions the transactions committed in the measured window
	 * @param rate the rate they were committed at, per second
	 * @param p50Micros the median commit-to-listener latency
	 * @param p99Micros the 99th percentile
	 * @param maxMicros the largest
	 */
	record Result(int transactions, double rate, long p50Micros, long p99Micros, long maxMicros) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"live latency (commit to listener): p50 %.2f ms  p99 %.2f ms  max %.2f ms  "
							+ "(%,d transactions at %,.0f tx/s)",
					this.p50Micros / 1000.0, this.p99Micros / 1000.0, this.maxMicros / 1000.0, this.transactions,
					this.rate);
		}

	}

	/**
	 * Reads each row and notes, per transaction, its commit time and when it arrived, in arrays
	 * sized up front so that measuring allocates nothing.
	 */
	private static final class LatencyListener implements ChangeListener {

		private final long[] commitMicros;

		private final long[] latencyMicros;

		private final AtomicLong received = new AtomicLong();

		private long checksum;

		LatencyListener(int capacity) {
			this.commitMicros = new long[capacity];
			this.latencyMicros = new long[capacity];
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert) {
				this.checksum += BenchmarkTable.read(insert.row());
			}
		}

		@Override
		public void onCommit(Commit commit) {
			long arrived = micros(Instant.now());
			int index = (int) this.received.get();
			if (index < this.commitMicros.length) {
				long committed = micros(commit.commitTime());
				this.commitMicros[index] = committed;
				this.latencyMicros[index] = arrived - committed;
			}
			// Published last: whoever sees the count also sees the entries before it.
			this.received.incrementAndGet();
		}

		Result result(long fromMicros, long untilMicros, Duration window) {
			int count = (int) Math.min(this.received.get(), this.commitMicros.length);
			long[] latencies = new long[count];
			int measured = 0;
			for (int i = 0; i < count; i++) {
				if (this.commitMicros[i] >= fromMicros && this.commitMicros[i] < untilMicros) {
					latencies[measured++] = this.latencyMicros[i];
				}
			}
			if (measured == 0) {
				throw new IllegalStateException("no transaction committed in the measured window");
			}
			long[] sorted = Arrays.copyOf(latencies, measured);
			Arrays.sort(sorted);
			return new Result(measured, measured / DrainResult.seconds(window), percentile(sorted, 50),
					percentile(sorted, 99), sorted[sorted.length - 1]);
		}

		private static long percentile(long[] sorted, int percent) {
			int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
			return sorted[Math.max(0, rank - 1)];
		}

	}

}
