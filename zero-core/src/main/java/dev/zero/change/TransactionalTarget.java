package dev.zero.change;

import java.util.List;

import org.jspecify.annotations.Nullable;


/**
 * A destination whose effects commit atomically with the source position they reach, which
 * makes them exactly-once: the application's database through its transaction manager (the
 * transactional listeners), or a Kafka cluster through a transactional producer.
 * <p>
 * The worker drives it on its own thread: {@link #open} at the start of every session of the
 * shard's leader; then {@link #begin}, the events of one or more consecutive source
 * transactions (or a part of an initial sync) to {@link #listeners()}, and {@link #commit}
 * with the position they reach, or {@link #rollback} when a listener or the target failed.
 * Source transactions that end at or below the position {@link #open} returns are never
 * delivered to it again, and the slot is acknowledged only after the target committed.
 */
public interface TransactionalTarget {

	/** How logs, health and errors name the target, for example {@code database}. */
	String name();

	/** The listeners that run inside the target's transactions, in order. */
	List<ChangeListener> listeners();

	/**
	 * Whether {@link #listeners()} are the application's own (the transactional listeners), so
	 * that one failing on a change goes to the {@link ListenerErrorHandler}; a target whose
	 * listener is its own machinery (publishing to Kafka) fails the transaction instead, which is
	 * delivered again until it succeeds, so that nothing it must deliver is ever skipped.
	 */
	default boolean runsApplicationListeners() {
		return false;
	}

	/**
	 * Prepares the target for a session (creates what it records positions in, fences an
	 * earlier writer) and reads back what it committed last.
	 * @return the end of the last source transaction whose effects it committed, or
	 * {@link Lsn#INVALID} when it has committed none
	 * @throws Exception when the target is unusable; the session is retried
	 */
	Lsn open() throws Exception;

	/**
	 * The upstream cluster and timeline on which the position {@link #open} returned was
	 * reached, when the target records its position outside the upstream database. A target
	 * that records it in the upstream itself (the application's database) returns {@code null}:
	 * a promotion takes its position and its effects along together. The worker compares it
	 * with the upstream's timeline history, so that a promotion that lost what the target
	 * committed starts replicated state over instead of skipping the new primary's
	 * transactions ({@link dev.zero.change.ResetReason#TIMELINE_DIVERGED}).
	 */
	default @Nullable UpstreamTimeline committedOn() {
		return null;
	}

	/**
	 * The session streams from {@code timeline}: every position committed from now on was
	 * reached there, and a target that records positions outside the upstream records it too.
	 * Called after {@link #open}.
	 */
	default void streamingFrom(UpstreamTimeline timeline) {
	}

	/**
	 * Opens a transaction; every event until {@link #commit} or {@link #rollback} belongs to it.
	 * @throws Exception when the transaction cannot be opened
	 */
	void begin() throws Exception;

	/**
	 * Records {@code position} in the open transaction and commits it.
	 * @param position the end of the last source transaction whose events the transaction
	 * holds; while an initial sync copies, the position it started from, and its consistent
	 * point when it completes
	 * @throws Exception when the commit failed or its outcome is unknown; {@link #open} tells
	 * the next session what was committed
	 */
	void commit(Lsn position) throws Exception;

	/** Rolls the open transaction back, if there is one; never throws. */
	void rollback();

	/** Ends the session: releases what {@link #open} took; never throws. */
	default void close() {
	}

}
