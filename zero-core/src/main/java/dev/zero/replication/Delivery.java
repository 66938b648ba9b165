package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.Reset;
import dev.zero.change.ResyncComplete;
import dev.zero.change.ResyncStart;
import dev.zero.change.SchemaChange;
import dev.zero.change.SyncComplete;

/**
 * Routes each event to the plain listeners and to every {@link TransactionalTarget}, inside
 * the target's transactions. A target transaction holds one or more consecutive source
 * transactions (a batch, see {@link DeliverySettings}) and is committed with the end of the
 * last one; a source transaction that a target committed before (it ends at or below the
 * position the target returned when opened) is not delivered to that target again. While a
 * batch is open, nothing past its start may be acknowledged: {@link #pending()} says so, and
 * {@link #flush()} commits it.
 * <p>
 * A transaction that the starter's transactional listeners wrote (marked by the shard's
 * replication origin, or by the shard's own-writes message as its first event) is not
 * delivered at all unless own writes are to be delivered; its begin is held until its first
 * event tells.
 */
final class Delivery implements TransactionSink<ListenerException> {

	/** A target with its listeners and what it committed. */
	private static final class Target {

		final TransactionalTarget target;

		final ListenerDispatcher dispatcher;

		/** The end of the last source transaction the target committed. */
		Lsn committed;

		/** Whether the current source transaction is delivered to it. */
		boolean active;

		/** Whether a target transaction is open. */
		boolean open;

		Target(TransactionalTarget target, Lsn committed) {
			this.target = target;
			this.dispatcher = new ListenerDispatcher(target.listeners(), ReplicationMetrics.NONE);
			this.committed = committed;
		}

	}

	private final ListenerDispatcher plain;

	private final List<Target> targets = new ArrayList<>();

	private final DeliverySettings settings;

	private final String ownOrigin;

	private final String ownMessagePrefix;

	/** The begin of the transaction in hand, until its first event says whose it is. */
	private @Nullable Begin heldBegin;

	/** Whether the transaction in hand is the listeners' own and is not delivered. */
	private boolean suppressed;

	/** Source transactions in the open batch. */
	private int batched;

	private long batchStarted;

	private Lsn batchEnd = Lsn.INVALID;

	private @Nullable Commit lastCommit;

	/** While an initial sync copies: rows since the last target commit, else -1. */
	private long snapshotRows = -1;

	/** The tables re-read while streaming, or {@code null}. */
	private @Nullable TableResyncs resyncs;

	/**
	 * @param plain the listeners outside any target, with the metrics
	 * @param settings batching and own writes
	 * @param ownOrigin the replication origin that marks the listeners' own writes
	 * @param ownMessagePrefix the prefix of the message that marks them otherwise
	 */
	Delivery(ListenerDispatcher plain, DeliverySettings settings, String ownOrigin, String ownMessagePrefix) {
		this.plain = plain;
		this.settings = settings;
		this.ownOrigin = ownOrigin;
		this.ownMessagePrefix = ownMessagePrefix;
	}

	/**
	 * Adds a target that {@link TransactionalTarget#open() opened} at {@code committed}.
	 */
	void add(TransactionalTarget target, Lsn committed) {
		this.targets.add(new Target(target, committed));
	}

	/** Routes the re-syncs' watermarks and the changes inside their windows to {@code resyncs}. */
	void resyncs(TableResyncs resyncs) {
		this.resyncs = resyncs;
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

	/**
	 * Commits the open target transactions.
	 * @return the last source transaction they hold, or {@code null} when none was open
	 */
	@Nullable Commit flush() throws ListenerException {
		if (!pending()) {
			return null;
		}
		for (Target target : this.targets) {
			if (target.open) {
				commit(target, this.batchEnd);
			}
		}
		this.batched = 0;
		Commit last = this.lastCommit;
		this.lastCommit = null;
		return last;
	}

	/** Rolls back the open target transactions: the session failed or ended mid-batch. */
	void abort() {
		for (Target target : this.targets) {
			if (target.open) {
				target.open = false;
				target.target.rollback();
			}
		}
		this.batched = 0;
		this.lastCommit = null;
		this.heldBegin = null;
		this.snapshotRows = -1;
	}

	// --- the stream

	@Override
	public void begin(Begin begin) throws ListenerException {
		this.heldBegin = begin;
		this.suppressed = false;
	}

	@Override
	public void origin(String name) throws ListenerException {
		if (this.heldBegin != null && this.ownOrigin.equals(name)) {
			this.suppressed = !this.settings.deliverOwnWrites();
		}
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		TableResyncs resyncs = this.resyncs;
		if (resyncs != null && resyncs.isWatermark(message)) {
			// the watermarks' transactions are the starter's: never delivered as transactions
			this.suppressed = true;
			watermark(resyncs.watermark(message, Instant.now()));
			return;
		}
		if (message.transactional() && this.ownMessagePrefix.equals(message.prefix())) {
			if (this.heldBegin != null) {
				this.suppressed = !this.settings.deliverOwnWrites();
			}
			return;
		}
		if (!message.transactional()) {
			// outside any transaction: the targets' listeners get it in the batch in hand or a new one
			toAll((dispatcher) -> dispatcher.message(message));
			return;
		}
		if (release()) {
			toActive((dispatcher) -> dispatcher.message(message));
		}
	}

	@Override
	public void change(Change change) throws ListenerException {
		if (this.snapshotRows >= 0) {
			snapshotRow(change);
			return;
		}
		if (this.resyncs != null) {
			// also the listeners' own writes: they change rows a chunk may hold
			this.resyncs.touched(change);
		}
		if (release()) {
			toActive((dispatcher) -> dispatcher.change(change));
		}
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		if (release()) {
			toActive((dispatcher) -> dispatcher.schemaChange(change));
		}
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		if (release()) {
			toActive((dispatcher) -> dispatcher.commit(commit));
		}
		for (Target target : this.targets) {
			target.active = false;
		}
		this.suppressed = false;
		if (this.resyncs != null) {
			this.resyncs.committed(commit.endLsn());
		}
		if (pending()) {
			this.batched++;
			this.batchEnd = commit.endLsn();
			this.lastCommit = commit;
			if (this.batched >= this.settings.batchSize()
					|| System.nanoTime() - this.batchStarted >= this.settings.batchDelay().toNanos()) {
				flush();
			}
		}
	}

	/**
	 * Delivers the held begin once the transaction's first event showed it is to be delivered.
	 * @return whether the transaction in hand is delivered
	 */
	private boolean release() throws ListenerException {
		Begin begin = this.heldBegin;
		if (begin == null) {
			return !this.suppressed;
		}
		this.heldBegin = null;
		if (this.suppressed) {
			return false;
		}
		for (Target target : this.targets) {
			// a transaction the target committed before is not delivered to it again
			target.active = begin.commitLsn().compareTo(target.committed) >= 0;
			if (target.active) {
				open(target);
			}
		}
		toActive((dispatcher) -> dispatcher.begin(begin));
		return true;
	}

	/**
	 * A chunk's low watermark starts its table's re-sync (the first time); its high watermark
	 * delivers the chunk's rows, as snapshot inserts between the stream's transactions.
	 */
	private void watermark(TableResyncs.Watermark watermark) throws ListenerException {
		TableResyncs.Progress progress = watermark.progress();
		if (progress == null || watermark.table() == null) {
			return;
		}
		if (watermark.kind() == TableResyncs.Watermark.Kind.LOW && !progress.started) {
			ResyncStart start = new ResyncStart(watermark.table(), progress.requestedAt);
			toAll((dispatcher) -> dispatcher.resyncStart(start));
		}
		if (watermark.kind() == TableResyncs.Watermark.Kind.HIGH) {
			for (Insert row : watermark.rows()) {
				toAll((dispatcher) -> dispatcher.change(row));
			}
			if (progress.complete) {
				ResyncComplete complete = new ResyncComplete(watermark.table(), progress.rows, progress.chunks);
				toAll((dispatcher) -> dispatcher.resyncComplete(complete));
			}
		}
	}

	// --- resets

	/**
	 * Starts an initial sync: the targets open a transaction for the reset and the first rows.
	 */
	void reset(Reset reset) throws ListenerException {
		abort();
		toAll((dispatcher) -> dispatcher.reset(reset));
		this.snapshotRows = 0;
	}

	private void snapshotRow(Change row) throws ListenerException {
		toAll((dispatcher) -> dispatcher.change(row));
		if (++this.snapshotRows >= this.settings.snapshotChunk()) {
			// what the sync copied so far commits at the position the target had: a crash
			// before the sync completes starts it over with a reset
			for (Target target : this.targets) {
				commit(target, target.committed);
			}
			this.snapshotRows = 0;
		}
	}

	/** Ends an initial sync: the targets commit at the new slot's consistent point. */
	void syncComplete(SyncComplete complete) throws ListenerException {
		toAll((dispatcher) -> dispatcher.syncComplete(complete));
		for (Target target : this.targets) {
			commit(target, complete.consistentPoint());
		}
		this.snapshotRows = -1;
	}

	/** To the plain listeners, then to the targets the transaction in hand is delivered to. */
	private void toActive(Event event) throws ListenerException {
		event.to(this.plain);
		for (Target target : this.targets) {
			if (target.active) {
				event.to(target.dispatcher);
			}
		}
	}

	/**
	 * To the plain listeners, then to every target, in its open transaction or a new one
	 * (outside the stream's transactions: resets, snapshot rows, re-syncs).
	 */
	private void toAll(Event event) throws ListenerException {
		event.to(this.plain);
		for (Target target : this.targets) {
			open(target);
			event.to(target.dispatcher);
		}
	}

	/** One event, to one dispatcher. */
	@FunctionalInterface
	private interface Event {

		void to(ListenerDispatcher dispatcher) throws ListenerException;

	}

	// --- target transactions

	private void open(Target target) throws ListenerException {
		if (target.open) {
			return;
		}
		if (!pending()) {
			this.batchStarted = System.nanoTime();
		}
		try {
			target.target.begin();
		}
		catch (Exception ex) {
			throw new ListenerException(target.target, "begin a transaction", ex);
		}
		target.open = true;
	}

	private void commit(Target target, Lsn position) throws ListenerException {
		target.open = false;
		try {
			target.target.commit(position);
		}
		catch (Exception ex) {
			abort();
			throw new ListenerException(target.target, "commit", ex);
		}
		if (position.compareTo(target.committed) > 0) {
			target.committed = position;
		}
	}

}
