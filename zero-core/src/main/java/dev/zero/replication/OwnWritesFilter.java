package dev.zero.replication;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.SchemaChange;

/**
 * Holds back the transactions the starter's transactional listeners wrote, marked by the
 * shard's replication origin or by the shard's own-writes message as their first event (see
 * {@link dev.zero.shard.ShardMessages#markOwnWrites}), unless own writes are to be delivered;
 * the mark itself is never delivered. A transaction's begin is held until its first event
 * tells whose it is. The end of a transaction held back goes on as
 * {@link DeliveryLink#skipped skipped}; a message outside any transaction goes on
 * {@link DeliveryLink#outside outside} the stream's transactions.
 */
final class OwnWritesFilter implements DeliveryLink {

	private final DeliveryLink next;

	private final String ownOrigin;

	private final String ownMessagePrefix;

	private final boolean deliverOwnWrites;

	/** The begin of the transaction in hand, until its first event says whose it is. */
	private @Nullable Begin heldBegin;

	/** Whether the transaction in hand is held back. */
	private boolean heldBack;

	/**
	 * @param next where delivered transactions go
	 * @param ownOrigin the replication origin that marks the listeners' own writes
	 * @param ownMessagePrefix the prefix of the message that marks them otherwise
	 * @param deliverOwnWrites whether they are delivered all the same
	 */
	OwnWritesFilter(DeliveryLink next, String ownOrigin, String ownMessagePrefix, boolean deliverOwnWrites) {
		this.next = next;
		this.ownOrigin = ownOrigin;
		this.ownMessagePrefix = ownMessagePrefix;
		this.deliverOwnWrites = deliverOwnWrites;
	}

	/**
	 * The transaction in hand is the starter's own bookkeeping (a re-sync's watermark): it is
	 * held back whatever the settings.
	 */
	void holdBack() {
		this.heldBack = true;
	}

	@Override
	public void begin(Begin begin) throws ListenerException {
		this.heldBegin = begin;
		this.heldBack = false;
	}

	@Override
	public void origin(String name) throws ListenerException {
		if (this.heldBegin != null && this.ownOrigin.equals(name)) {
			this.heldBack = !this.deliverOwnWrites;
		}
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		if (message.transactional() && this.ownMessagePrefix.equals(message.prefix())) {
			if (this.heldBegin != null) {
				this.heldBack = !this.deliverOwnWrites;
			}
			return;
		}
		if (!message.transactional()) {
			// outside any transaction: the targets' listeners get it in the batch in hand or a new one
			this.next.outside((listeners) -> listeners.message(message));
			return;
		}
		if (release()) {
			this.next.message(message);
		}
	}

	@Override
	public void change(Change change) throws ListenerException {
		if (release()) {
			this.next.change(change);
		}
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		if (release()) {
			this.next.schemaChange(change);
		}
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		if (release()) {
			this.next.commit(commit);
		}
		else {
			this.next.skipped(commit);
		}
		this.heldBack = false;
	}

	@Override
	public void skipped(Commit commit) throws ListenerException {
		this.next.skipped(commit);
	}

	@Override
	public void outside(Event event) throws ListenerException {
		this.next.outside(event);
	}

	/** Forgets the transaction in hand: the session failed or ended in it. */
	void abort() {
		this.heldBegin = null;
	}

	/**
	 * Passes the held begin on once the transaction's first event showed it is delivered.
	 * @return whether the transaction in hand is delivered
	 */
	private boolean release() throws ListenerException {
		Begin begin = this.heldBegin;
		if (begin == null) {
			return !this.heldBack;
		}
		this.heldBegin = null;
		if (this.heldBack) {
			return false;
		}
		this.next.begin(begin);
		return true;
	}

}
