package dev.zero.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long one contender took to drain the backlog.
 *
 * @param contender who drained it
 * @param round which round, from 1
 * @param changes the row changes in the backlog
 * @param elapsed from start until the end position had been delivered
 * @param clientCpu the CPU time the contender used, or {@code null} when unknown
 * @param serverCpu the CPU time the server used meanwhile, or {@code null} when unknown
 * @param otherCpu the CPU time every other process on the machine used meanwhile, or
 * {@code null} when unknown
 */
record DrainResult(String contender, int round, long changes, Duration elapsed, Duration clientCpu,
		Duration serverCpu, Duration otherCpu) {

	DrainResult(String contender, int round, long changes, Duration elapsed) {
		this(contender, round, changes, elapsed, null, null, null);
	}

	DrainResult withCpu(Duration client, Duration server, Duration other) {
		return new DrainResult(this.contender, this.round, this.changes, this.elapsed, client, server, other);
	}

	double changesPerSecond() {
		return this.changes / seconds(this.elapsed);
	}

	@Override
	public String toString() {
		String line = String.format(Locale.ROOT, "drain round %d  %-17s %,d changes in %7.3f s  %,10.0f changes/s",
				this.round, this.contender, this.changes, seconds(this.elapsed), changesPerSecond());
		if (this.clientCpu == null) {
			return line;
		}
		return line + String.format(Locale.ROOT, "  cpu: client %4.1f s, server %4.1f s, other %4.1f s",
				seconds(this.clientCpu), seconds(this.serverCpu), seconds(this.otherCpu));
	}

	static Duration median(List<DrainResult> results) {
		List<Duration> sorted = results.stream().map(DrainResult::elapsed).sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
	}

	static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
