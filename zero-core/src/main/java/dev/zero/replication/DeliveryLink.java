package dev.zero.replication;

import dev.zero.change.Commit;

/**
 * A link of the {@link Delivery} chain after the stream's transactions were told apart: it
 * takes the transactions that are delivered, the end of each one that is not, and the events
 * delivered outside the stream's transactions (resets, snapshot rows, re-syncs, messages
 * outside any transaction).
 */
interface DeliveryLink extends TransactionSink<ListenerException> {

	/**
	 * A transaction that is not delivered ended: nothing of it reached the listeners, but a
	 * batch in hand now holds everything up to its end.
	 */
	void skipped(Commit commit) throws ListenerException;

	/** An event for the plain listeners and every target, outside the stream's transactions. */
	void outside(Event event) throws ListenerException;

	/** One event, to one set of listeners. */
	@FunctionalInterface
	interface Event {

		void to(ListenerDispatcher listeners) throws ListenerException;

	}

}
