package dev.zero.replication;

import org.jspecify.annotations.Nullable;

import dev.zero.change.ChangeListener;

/**
 * A listener threw while handling a transaction, or a transactional target could not open or
 * commit the transaction around it: the transaction is not acknowledged and will be delivered
 * again.
 */
public class ListenerException extends Exception {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable ChangeListener listener;

	ListenerException(ChangeListener listener, Exception cause) {
		super(listener.getClass().getName() + " failed: " + cause, cause);
		this.listener = listener;
	}

	ListenerException(TransactionalTarget target, String action, Exception cause) {
		super("the " + target.name() + " target could not " + action + ": " + cause, cause);
		this.listener = null;
	}

	/** The listener that threw, or {@code null} when a target failed. */
	public @Nullable ChangeListener listener() {
		return this.listener;
	}

}
