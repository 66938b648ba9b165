package dev.zero.replication;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.SchemaChange;

/**
 * Commits the targets' transactions in batches while streaming: a target transaction holds one
 * or more consecutive source transactions and is committed with the end of the last one, once
 * the batch reaches its size or its delay (see {@link DeliverySettings}), or when
 * {@link #flush()} is called. A source transaction that is not delivered still ends the batch
 * in hand at its end. While a batch is open, nothing past its start may be acknowledged.
 */
final class TargetBatching implements DeliveryLink {

	private final DeliveryLink next;

	private final DeliveryTargets targets;

	private final DeliverySettings settings;

	/** Source transactions in the open batch. */
	private int batched;

	private Lsn batchEnd = Lsn.INVALID;

	private @Nullable Commit lastCommit;

	TargetBatching(DeliveryLink next, DeliveryTargets targets, DeliverySettings settings) {
		this.next = next;
		this.targets = targets;
		this.settings = settings;
	}

	@Override
	public void begin(Begin begin) throws ListenerException {
		this.next.begin(begin);
	}

	@Override
	public void change(Change change) throws ListenerException {
		this.next.change(change);
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		this.next.message(message);
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		this.next.schemaChange(change);
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		this.next.commit(commit);
		ended(commit);
	}

	@Override
	public void skipped(Commit commit) throws ListenerException {
		this.next.skipped(commit);
		ended(commit);
	}

	@Override
	public void outside(Event event) throws ListenerException {
		this.next.outside(event);
	}

	/**
	 * Commits the open target transactions.
	 * @return the last source transaction they hold, or {@code null} when none was open
	 */
	@Nullable Commit flush() throws ListenerException {
		if (!this.targets.pending()) {
			return null;
		}
		this.targets.commitOpen(this.batchEnd);
		this.batched = 0;
		Commit last = this.lastCommit;
		this.lastCommit = null;
		return last;
	}

	/** Forgets the batch in hand: its target transactions were rolled back. */
	void abort() {
		this.batched = 0;
		this.lastCommit = null;
	}

	private void ended(Commit commit) throws ListenerException {
		if (!this.targets.pending()) {
			return;
		}
		this.batched++;
		this.batchEnd = commit.endLsn();
		this.lastCommit = commit;
		if (this.batched >= this.settings.batchSize()
				|| System.nanoTime() - this.targets.openedAt() >= this.settings.batchDelay().toNanos()) {
			flush();
		}
	}

}
