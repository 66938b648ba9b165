package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import dev.zero.change.Lsn;

/**
 * The position acknowledged to the server, kept across sessions by the worker thread, the only
 * thread that sets a position on the stream: it advances when every listener returned from a
 * transaction's commit, or when the stream is idle and the server has moved on (the worker runs
 * then on the {@link SlotWatch}'s wake-up message); it reaches the server within about 100 ms
 * while the stream is busy and at once when it goes idle.
 */
final class Acknowledgement {

	/**
	 * How often, at most, a busy stream tells the server what was delivered: after a crash,
	 * about this much is delivered again.
	 */
	private static final long PROMPT_NANOS = Duration.ofMillis(100).toNanos();

	private Lsn flushed = Lsn.INVALID;

	/** Where {@link #flushed} was reached, or {@code null} before the first session. */
	private @Nullable UpstreamTimeline timeline;

	private Lsn reported = Lsn.INVALID;

	private long reportedAt;

	/** The acknowledged position; the next session streams from it. */
	Lsn flushed() {
		return this.flushed;
	}

	/** Where the acknowledged position was reached, or {@code null} before the first session. */
	@Nullable UpstreamTimeline timeline() {
		return this.timeline;
	}

	/** The session streams from {@code timeline}: positions from now on belong to it. */
	void streamingFrom(UpstreamTimeline timeline) {
		this.timeline = timeline;
	}

	/**
	 * Forgets the acknowledged position: it lies on a timeline the upstream no longer
	 * continues, and the next session streams from the slot's.
	 */
	void forget() {
		this.flushed = Lsn.INVALID;
		this.reported = Lsn.INVALID;
	}

	/** A reset started the slot over at {@code consistentPoint}. */
	void restart(Lsn consistentPoint) {
		this.flushed = consistentPoint;
	}

	/** Every listener returned from the commit of the transaction that ends at {@code end}. */
	void delivered(PGReplicationStream stream, Lsn end) {
		this.flushed = end;
		position(stream, end);
	}

	/**
	 * With nothing in hand, everything the server sent was handled: its position (from its
	 * keepalives and messages) is acknowledged, so that a slot whose tables are quiet retains
	 * no WAL.
	 * @return whether the position moved
	 */
	boolean followServer(PGReplicationStream stream) {
		Lsn server = Lsn.of(stream.getLastReceiveLSN().asLong());
		if (server.compareTo(this.flushed) <= 0) {
			return false;
		}
		this.flushed = server;
		position(stream, server);
		return true;
	}

	/** Whether the server has not been told the acknowledged position yet. */
	boolean unreported() {
		return this.flushed.compareTo(this.reported) > 0;
	}

	/** Whether a busy stream should tell the server now. */
	boolean reportDue() {
		return unreported() && System.nanoTime() - this.reportedAt >= PROMPT_NANOS;
	}

	/**
	 * Sends the acknowledged position to the server. A status update asks the server for a
	 * reply; that reply is read inside the blocking read and never wakes the loop, so this
	 * cannot turn into a ping-pong.
	 */
	void report(PGReplicationStream stream) throws SQLException {
		if (this.flushed.isValid()) {
			position(stream, this.flushed);
			stream.forceUpdateStatus();
			this.reported = this.flushed;
			this.reportedAt = System.nanoTime();
		}
	}

	private static void position(PGReplicationStream stream, Lsn lsn) {
		LogSequenceNumber position = LogSequenceNumber.valueOf(lsn.value());
		stream.setFlushedLSN(position);
		stream.setAppliedLSN(position);
	}

}
