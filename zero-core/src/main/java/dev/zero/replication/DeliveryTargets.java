package dev.zero.replication;

import java.util.ArrayList;
import java.util.List;

import dev.zero.change.Lsn;
import dev.zero.change.TransactionalTarget;

/**
 * The {@link TransactionalTarget transactional targets} a session delivers to, each with its
 * listeners, what it committed last, and whether its transaction is open. It opens, commits and
 * rolls back their transactions when the links say so; it never decides when.
 */
final class DeliveryTargets {

	/** A target with its listeners and what it committed. */
	static final class Target {

		final TransactionalTarget target;

		final ListenerDispatcher listeners;

		/** The end of the last source transaction the target committed. */
		Lsn committed;

		/** Whether the source transaction in hand is delivered to it. */
		boolean active;

		/** Whether a target transaction is open. */
		boolean open;

		Target(TransactionalTarget target, Lsn committed, ListenerErrors errors) {
			this.target = target;
			this.listeners = new ListenerDispatcher(target.listeners(), ReplicationMetrics.NONE,
					target.runsApplicationListeners() ? errors : ListenerErrors.NONE, false);
			this.committed = committed;
		}

	}

	private final List<Target> targets = new ArrayList<>();

	private final ListenerErrors errors;

	/** Where what each target committed is told to health and metrics. */
	private final TargetPositions positions;

	DeliveryTargets() {
		this(ListenerErrors.NONE, new TargetPositions());
	}

	/**
	 * @param errors what happens when a target's listener fails on a change
	 * @param positions where what each target committed is recorded
	 */
	DeliveryTargets(ListenerErrors errors, TargetPositions positions) {
		this.errors = errors;
		this.positions = positions;
	}

	/** When the oldest open target transaction began ({@link System#nanoTime()}). */
	private long openedAt;

	/** Adds a target that {@link TransactionalTarget#open() opened} at {@code committed}. */
	void add(TransactionalTarget target, Lsn committed) {
		this.targets.add(new Target(target, committed, this.errors));
		this.positions.committed(target.name(), committed);
	}

	List<Target> all() {
		return this.targets;
	}

	/** Whether a target transaction is open: what it holds is not acknowledged yet. */
	boolean pending() {
		for (Target target : this.targets) {
			if (target.open) {
				return true;
			}
		}
		return false;
	}

	/** When the oldest open target transaction began, as {@link System#nanoTime()}. */
	long openedAt() {
		return this.openedAt;
	}

	/** Begins a transaction of {@code target} unless one is open. */
	void open(Target target) throws ListenerException {
		if (target.open) {
			return;
		}
		if (!pending()) {
			this.openedAt = System.nanoTime();
		}
		try {
			target.target.begin();
		}
		catch (Exception ex) {
			throw new ListenerException(target.target, "begin a transaction", ex);
		}
		target.open = true;
	}

	/**
	 * Commits {@code target}'s transaction at {@code position}; when that fails, the other open
	 * transactions are rolled back.
	 */
	void commit(Target target, Lsn position) throws ListenerException {
		target.open = false;
		try {
			target.target.commit(position);
		}
		catch (Exception ex) {
			rollback();
			throw new ListenerException(target.target, "commit", ex);
		}
		if (position.compareTo(target.committed) > 0) {
			target.committed = position;
			this.positions.committed(target.target.name(), position);
		}
	}

	/** Commits every open transaction at {@code position}. */
	void commitOpen(Lsn position) throws ListenerException {
		for (Target target : this.targets) {
			if (target.open) {
				commit(target, position);
			}
		}
	}

	/** Rolls back every open transaction. */
	void rollback() {
		for (Target target : this.targets) {
			if (target.open) {
				target.open = false;
				target.target.rollback();
			}
		}
	}

}
