package dev.zero.replication;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * The ends and commit times of the transactions handed to the listeners lately (the last
 * {@value #CAPACITY}), so that a promotion that lost some of them can say how many, and when
 * they were committed. Owned by the worker thread.
 */
final class DeliveredCommits {

	static final int CAPACITY = 65_536;

	private final long[] ends = new long[CAPACITY];

	private final long[] commitMicros = new long[CAPACITY];

	private long recorded;

	/**
	 * The delivered transactions past a position.
	 *
	 * @param transactions how many, at least (all of them when none was forgotten)
	 * @param first the commit time of the first, or {@code null} when none
	 * @param last the commit time of the last, or {@code null} when none
	 */
	record Past(long transactions, @Nullable Instant first, @Nullable Instant last) {

	}

	void record(Lsn end, Instant committed) {
		int slot = (int) (this.recorded % CAPACITY);
		this.ends[slot] = end.value();
		this.commitMicros[slot] = committed.getEpochSecond() * 1_000_000L + committed.getNano() / 1_000;
		this.recorded++;
	}

	/** The end of the last transaction handed to the listeners, or {@link Lsn#INVALID}. */
	Lsn latest() {
		return (this.recorded > 0) ? Lsn.of(this.ends[(int) ((this.recorded - 1) % CAPACITY)]) : Lsn.INVALID;
	}

	/** Forgets everything (a reset started replicated state over). */
	void clear() {
		this.recorded = 0;
	}

	/** The delivered transactions that end past {@code position}. */
	Past past(Lsn position) {
		long count = 0;
		long first = 0;
		long last = 0;
		long oldest = Math.max(0, this.recorded - CAPACITY);
		for (long i = this.recorded - 1; i >= oldest; i--) {
			int slot = (int) (i % CAPACITY);
			if (Long.compareUnsigned(this.ends[slot], position.value()) <= 0) {
				break;
			}
			count++;
			first = this.commitMicros[slot];
			if (last == 0) {
				last = first;
			}
		}
		return new Past(count, (count > 0) ? micros(first) : null, (count > 0) ? micros(last) : null);
	}

	private static Instant micros(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
	}

}
