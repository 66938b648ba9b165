package dev.zero.benchmarks;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares the initial sync with {@code psql}'s {@code \copy} of the same table on the same
 * server: a table of the benchmark's shape and {@code --sync-rows} rows, copied by each
 * contender in turn, alternating, {@code --rounds} times. The last line is the ratio of the
 * median times, ours over theirs.
 */
final class InitialSyncBenchmark {

	private final BenchmarkDatabase database;

	private final BenchmarkSettings settings;

	InitialSyncBenchmark(BenchmarkDatabase database, BenchmarkSettings settings) {
		this.database = database;
		this.settings = settings;
	}

	/** Runs the rounds and returns the ratio line. */
	String run() throws Exception {
		PsqlCopy theirs = new PsqlCopy(this.database, this.settings.tool());
		ZeroSync ours = new ZeroSync(this.database);
		ReplicationBenchmark.print("server: PostgreSQL %s on loopback; theirs: %s", this.database.version(),
				theirs.version());
		fill();
		ProcessHandle postmaster = this.database.postmaster();
		long rows = this.settings.syncRows();
		List<DrainResult> ourResults = new ArrayList<>();
		List<DrainResult> theirResults = new ArrayList<>();
		for (int round = 1; round <= this.settings.rounds(); round++) {
			int current = round;
			DrainResult result = ReplicationBenchmark.measure(postmaster, () -> ours.run(current, rows));
			ourResults.add(result);
			ReplicationBenchmark.print("%s  (delivering thread %.1f s, %.2f µs a row)", result,
					DrainResult.seconds(ours.deliveringCpu()), ours.deliveringCpu().toNanos() / 1000.0 / rows);
			result = ReplicationBenchmark.measure(postmaster, () -> theirs.run(current, rows));
			theirResults.add(result);
			ReplicationBenchmark.print("%s", result);
		}
		Duration ourMedian = DrainResult.median(ourResults);
		Duration theirMedian = DrainResult.median(theirResults);
		ReplicationBenchmark.print("median  %-15s %7.3f s  %,10.0f rows/s", "zero", DrainResult.seconds(ourMedian),
				rows / DrainResult.seconds(ourMedian));
		ReplicationBenchmark.print("median  %-15s %7.3f s  %,10.0f rows/s", "psql \\copy",
				DrainResult.seconds(theirMedian), rows / DrainResult.seconds(theirMedian));
		return String.format(Locale.ROOT, "initial sync ratio vs COPY: %.2f",
				ourMedian.toNanos() / (double) theirMedian.toNanos());
	}

	/**
	 * Creates and fills the table, then freezes and analyzes it, so that neither contender
	 * pays for setting hint bits and the size estimate is right.
	 */
	private void fill() throws Exception {
		try (Connection connection = this.database.connect()) {
			BenchmarkTable.create(connection);
			long started = System.nanoTime();
			BenchmarkTable.fill(connection, this.settings.syncRows());
			try (Statement statement = connection.createStatement()) {
				statement.execute("VACUUM (FREEZE, ANALYZE) " + BenchmarkTable.NAME);
				statement.execute("CHECKPOINT");
			}
			ReplicationBenchmark.print("table: %,d rows, %,d MB, written, frozen and analyzed in %.1f s",
					this.settings.syncRows(), this.database.tableBytes(BenchmarkTable.NAME) >> 20,
					(System.nanoTime() - started) / 1e9);
		}
	}

}
