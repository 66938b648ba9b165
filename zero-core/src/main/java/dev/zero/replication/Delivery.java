package dev.zero.replication;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.Reset;
import dev.zero.change.SchemaChange;
import dev.zero.change.SyncComplete;
import dev.zero.change.TransactionalTarget;

/**
 * Takes a session's events to the plain listeners and to every {@link TransactionalTarget},
 * inside the target's transactions, through a chain of links with one job each:
 * {@link ResyncWatermarks} (once the session has re-syncs), {@link OwnWritesFilter},
 * {@link TargetBatching}, then {@link FanOut} to each set of listeners. An initial sync goes
 * through {@link InitialSyncChunks} to the fan-out. While a batch is open, nothing past its
 * start may be acknowledged: {@link #pending()} says so, and {@link #flush()} commits it.
 */
final class Delivery implements TransactionSink<ListenerException> {

	private final DeliveryTargets targets;

	private final TargetBatching batching;

	private final OwnWritesFilter ownWrites;

	private final InitialSyncChunks initialSync;

	/** Where the stream's events go first. */
	private TransactionSink<ListenerException> head;

	/**
	 * @param plain the listeners outside any target, with the metrics
	 * @param settings batching and own writes
	 * @param ownOrigin the replication origin that marks the listeners' own writes
	 * @param ownMessagePrefix the prefix of the message that marks them otherwise
	 */
	Delivery(ListenerDispatcher plain, DeliverySettings settings, String ownOrigin, String ownMessagePrefix) {
		this(plain, settings, ownOrigin, ownMessagePrefix, ListenerErrors.NONE, new TargetPositions());
	}

	/**
	 * @param plain the listeners outside any target, with the metrics
	 * @param settings batching and own writes
	 * @param ownOrigin the replication origin that marks the listeners' own writes
	 * @param ownMessagePrefix the prefix of the message that marks them otherwise
	 * @param errors what happens when a target's listener fails on a change
	 * @param positions where what each target committed is recorded
	 */
	Delivery(ListenerDispatcher plain, DeliverySettings settings, String ownOrigin, String ownMessagePrefix,
			ListenerErrors errors, TargetPositions positions) {
		this.targets = new DeliveryTargets(errors, positions);
		FanOut fanOut = new FanOut(plain, this.targets);
		this.batching = new TargetBatching(fanOut, this.targets, settings);
		this.ownWrites = new OwnWritesFilter(this.batching, ownOrigin, ownMessagePrefix, settings.deliverOwnWrites());
		this.initialSync = new InitialSyncChunks(fanOut, this.targets, settings);
		this.head = this.ownWrites;
	}

	/**
	 * Adds a target that {@link TransactionalTarget#open() opened} at {@code committed}.
	 */
	void add(TransactionalTarget target, Lsn committed) {
		this.targets.add(target, committed);
	}

	/** Routes the re-syncs' watermarks and the changes inside their windows to {@code resyncs}. */
	void resyncs(TableResyncs resyncs) {
		this.head = new ResyncWatermarks(resyncs, this.ownWrites);
	}

	/** Whether a target transaction is open: what it holds is not acknowledged yet. */
	boolean pending() {
		return this.targets.pending();
	}

	/**
	 * Commits the open target transactions.
	 * @return the last source transaction they hold, or {@code null} when none was open
	 */
	@Nullable Commit flush() throws ListenerException {
		return this.batching.flush();
	}

	/** Rolls back the open target transactions: the session failed or ended mid-batch. */
	void abort() {
		this.targets.rollback();
		this.batching.abort();
		this.ownWrites.abort();
	}

	// --- the stream

	@Override
	public void begin(Begin begin) throws ListenerException {
		this.head.begin(begin);
	}

	@Override
	public void origin(String name) throws ListenerException {
		this.head.origin(name);
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		this.head.message(message);
	}

	@Override
	public void change(Change change) throws ListenerException {
		this.head.change(change);
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		this.head.schemaChange(change);
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		this.head.commit(commit);
	}

	// --- resets

	/**
	 * Starts an initial sync: the targets open a transaction for the reset and the first rows.
	 */
	void reset(Reset reset) throws ListenerException {
		abort();
		this.initialSync.reset(reset);
	}

	/** A row the initial sync copied, as a snapshot insert. */
	void snapshotRow(Insert row) throws ListenerException {
		this.initialSync.row(row);
	}

	/** Ends an initial sync: the targets commit at the new slot's consistent point. */
	void syncComplete(SyncComplete complete) throws ListenerException {
		this.initialSync.complete(complete);
	}

}
