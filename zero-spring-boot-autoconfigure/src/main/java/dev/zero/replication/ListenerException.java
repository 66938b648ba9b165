package dev.zero.replication;

import dev.zero.change.ChangeListener;

/**
 * A listener threw while handling a transaction: the transaction is not acknowledged and
 * will be delivered again.
 */
public class ListenerException extends Exception {

	private static final long serialVersionUID = 1L;

	private final transient ChangeListener listener;

	ListenerException(ChangeListener listener, Exception cause) {
		super(listener.getClass().getName() + " failed: " + cause, cause);
		this.listener = listener;
	}

	public ChangeListener listener() {
		return this.listener;
	}

}
