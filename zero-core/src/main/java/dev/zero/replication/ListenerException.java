package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.zero.change.ChangeListener;

/**
 * A listener threw while handling a transaction, or a transactional target could not open or
 * commit the transaction around it: the transaction is not acknowledged and will be delivered
 * again.
 */
public class ListenerException extends Exception {

	private static final long serialVersionUID = 1L;

	private static final String OBJECT_IN_USE = "55006";

	private final transient @Nullable ChangeListener listener;

	private final transient @Nullable Duration retryAfter;

	ListenerException(ChangeListener listener, Exception cause) {
		this(listener, cause, null);
	}

	/**
	 * @param retryAfter how long the listener's error handler asks to wait before the
	 * transaction is delivered again, or {@code null} for the worker's own backoff
	 */
	ListenerException(ChangeListener listener, Exception cause, @Nullable Duration retryAfter) {
		super(listener.getClass().getName() + " failed: " + cause, cause);
		this.listener = listener;
		this.retryAfter = retryAfter;
	}

	ListenerException(TransactionalTarget target, String action, Exception cause) {
		super("the " + target.name() + " target could not " + action + ": " + cause, cause);
		this.listener = null;
		this.retryAfter = null;
	}

	/**
	 * How long the listener's error handler asks to wait before the transaction is delivered
	 * again, or {@code null} when it has no say.
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether a target failed because another session still holds what it needs (SQLSTATE
	 * 55006, object in use: the database target's replication origin, still held by a previous
	 * leader's backend after the target's own takeover gave up): nothing a listener did.
	 */
	public boolean heldElsewhere() {
		return this.listener == null && getCause() instanceof SQLException ex && OBJECT_IN_USE.equals(ex.getSQLState());
	}

	/** The listener that threw, or {@code null} when a target failed. */
	public @Nullable ChangeListener listener() {
		return this.listener;
	}

}
