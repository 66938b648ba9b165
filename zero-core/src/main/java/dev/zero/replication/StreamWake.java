package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * What lets a worker blocked in the stream's socket read be woken. Between transactions the
 * worker blocks in {@code read()}, costing nothing; a stop or reset request then closes the
 * streaming connection (its last acknowledgement was sent before it blocked), and the
 * {@link SlotWatch} emits a wake-up message when the server moved on while the slot sat idle.
 * Shared by the worker thread, the threads that ask it to stop or reset, and the watch; it
 * never touches the stream itself: the worker alone reads it and moves its position.
 */
final class StreamWake {

	private @Nullable Connection streaming;

	private boolean blockedIdle;

	private boolean idleThroughTick;

	private boolean interrupted;

	/** The position the worker acknowledged before it blocked between transactions. */
	private Lsn acknowledged = Lsn.INVALID;

	/** Whether the worker is blocked in the stream's read, between or in a transaction. */
	private boolean reading;

	/** How many of the worker's reads returned: a read that returned received something. */
	private long reads;

	/** Whether the worker may release its connections while it blocks between transactions. */
	private boolean releasable;

	/** Since when ({@link System#nanoTime()}) the session had nothing to deliver. */
	private long quietSince = System.nanoTime();

	/** Whether the stream was closed to release every connection, until the worker takes it. */
	private boolean released;

	/** Why {@link StreamLiveness} closed the stream, until the worker takes it. */
	private @Nullable DeadLink deadLink;

	/**
	 * The worker is about to block between transactions on {@code connection}, with
	 * {@code acknowledged} sent to the server.
	 */
	synchronized void blockingIdle(Connection connection, Lsn acknowledged) {
		blockingIdle(connection, acknowledged, false);
	}

	/**
	 * The worker is about to block between transactions on {@code connection}, with
	 * {@code acknowledged} sent to the server; {@code releasable} when nothing is in progress
	 * that the release would interrupt (a table re-read).
	 */
	synchronized void blockingIdle(Connection connection, Lsn acknowledged, boolean releasable) {
		this.streaming = connection;
		if (!releasable) {
			this.quietSince = System.nanoTime();
		}
		this.releasable = releasable;
		this.acknowledged = acknowledged;
		this.blockedIdle = true;
		this.reading = true;
	}

	/** The worker is about to block in the middle of a transaction: not to be interrupted. */
	synchronized void blockingBusy(Connection connection) {
		this.streaming = connection;
		this.releasable = false;
		this.blockedIdle = false;
		this.idleThroughTick = false;
		this.reading = true;
	}

	/** The worker's read returned. */
	synchronized void returned() {
		this.blockedIdle = false;
		this.releasable = false;
		this.idleThroughTick = false;
		this.reading = false;
		this.reads++;
	}

	/** The session ended: nothing to interrupt any more. */
	synchronized void ended() {
		this.streaming = null;
		this.interrupted = false;
		this.releasable = false;
		this.blockedIdle = false;
		this.idleThroughTick = false;
		this.reading = false;
	}

	/**
	 * Closes the streaming connection when the worker blocks between transactions, so that it
	 * notices a stop or reset request at once; in a transaction it notices after it.
	 */
	synchronized void interrupt() {
		if (this.blockedIdle && this.streaming != null) {
			this.interrupted = true;
			try {
				this.streaming.abort(Runnable::run);
			}
			catch (SQLException ex) {
				// closing anyway: the read fails either way
			}
		}
	}

	/** A session starts, or delivered a transaction: it is not quiet. */
	synchronized void activity() {
		this.quietSince = System.nanoTime();
	}

	/**
	 * Since when ({@link System#nanoTime()}) the worker has had nothing to deliver, while it
	 * blocks between transactions with nothing in progress; otherwise {@code null}.
	 */
	synchronized @Nullable Long quietSince() {
		return (this.blockedIdle && this.releasable && this.streaming != null) ? this.quietSince : null;
	}

	/** The position the worker acknowledged before it blocked between transactions. */
	synchronized Lsn acknowledged() {
		return this.acknowledged;
	}

	/**
	 * Closes the streaming connection to release every connection, when the worker still
	 * blocks between transactions, quiet since {@code quietSince} and acknowledged at
	 * {@code acknowledged}; {@code decided} runs first, under the same lock, so that a wake
	 * after it is not lost.
	 * @return whether it was closed
	 */
	synchronized boolean release(long quietSince, Lsn acknowledged, Runnable decided) {
		if (!this.blockedIdle || !this.releasable || this.streaming == null || this.quietSince != quietSince
				|| !this.acknowledged.equals(acknowledged)) {
			return false;
		}
		decided.run();
		this.released = true;
		this.interrupted = true;
		try {
			this.streaming.abort(Runnable::run);
		}
		catch (SQLException ex) {
			// closing anyway: the read fails either way
		}
		return true;
	}

	/** Whether the stream was closed to release every connection; clears it. */
	synchronized boolean consumeReleased() {
		boolean was = this.released;
		this.released = false;
		return was;
	}

	/**
	 * Whether the worker blocks between transactions while the server has sent a position
	 * ({@code received}, from its keepalives) past the one it acknowledged. The worker follows
	 * it the next time it runs; the watch only looks.
	 */
	synchronized boolean behindWhileIdle(Lsn received) {
		return this.blockedIdle && received.compareTo(this.acknowledged) > 0;
	}

	/**
	 * How many reads returned so far while the worker is blocked reading now, or -1 while it
	 * is not (busy with what it read: a listener, a batch, a re-read chunk).
	 */
	synchronized long readsWhileReading() {
		return this.reading ? this.reads : -1;
	}

	/**
	 * Closes the streaming connection as dead, when the worker is still blocked in the same
	 * read as when {@code reads} was taken (it received nothing since).
	 * @return whether it was closed
	 */
	synchronized boolean abortDead(long reads, DeadLink deadLink) {
		if (!this.reading || this.reads != reads || this.streaming == null) {
			return false;
		}
		this.deadLink = deadLink;
		try {
			this.streaming.abort(Runnable::run);
		}
		catch (SQLException ex) {
			// closing anyway: the read fails either way
		}
		return true;
	}

	/** Why the session's stream was closed as dead, or {@code null}; clears it. */
	synchronized @Nullable DeadLink consumeDeadLink() {
		DeadLink was = this.deadLink;
		this.deadLink = null;
		return was;
	}

	/**
	 * Whether the session's failure was an interruption asked for (a stop, a reset, a server
	 * that stops); clears it.
	 */
	synchronized boolean consumeInterrupted() {
		boolean was = this.interrupted;
		this.interrupted = false;
		return was;
	}

	/**
	 * Whether the worker has blocked between transactions since the previous tick; marks the
	 * start of the next tick.
	 */
	synchronized boolean idleSinceLastTick() {
		boolean idle = this.blockedIdle && this.idleThroughTick;
		this.idleThroughTick = this.blockedIdle;
		return idle;
	}

}
