package dev.zero.change;

import java.util.Objects;

/**
 * A listener failed on a change: what a {@link ListenerErrorHandler} and a
 * {@link ListenerRecoverer} are told.
 *
 * @param change the change the listener failed on
 * @param listener the listener
 * @param error what it threw
 * @param attempt how many times it has failed on this change, 1 the first time (counted across
 * deliveries of the transaction)
 */
public record ListenerFailure(Change change, ChangeListener listener, Exception error, int attempt) {

	public ListenerFailure {
		Objects.requireNonNull(change, "change must not be null");
		Objects.requireNonNull(listener, "listener must not be null");
		Objects.requireNonNull(error, "error must not be null");
	}

	/** The table the change is to (the first of a truncation's). */
	public TableName table() {
		return this.change.tables().get(0);
	}

	/**
	 * The listener's name: what it says of itself ({@code @ZeroListener method
	 * TodoIndexer.saved(Todo) of bean 'todoIndexer'}), or its class's name when it does not say
	 * (so that the name stays the same across restarts).
	 */
	public String listenerName() {
		return nameOf(this.listener);
	}

	/**
	 * A listener's name, as {@link #listenerName()} gives it.
	 * @param listener the listener
	 * @return its name
	 */
	public static String nameOf(ChangeListener listener) {
		String text = listener.toString();
		String identity = listener.getClass().getName() + "@" + Integer.toHexString(listener.hashCode());
		return text.equals(identity) ? listener.getClass().getName() : text;
	}

	/**
	 * The change, the listener and the error in one line, for logs and health:
	 * {@code update of public.todo at 0/16B3F28 (xid 745) by <listener>: <error>}.
	 */
	public String describe() {
		return this.change.op() + " of " + table() + " at " + this.change.lsn() + " (xid " + this.change.xid()
				+ ") by " + listenerName() + ": " + this.error;
	}

}
