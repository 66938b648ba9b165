package dev.zero.autoconfigure.listener;

import org.jspecify.annotations.Nullable;

/**
 * A row could not be bound to a parameter of a {@link dev.zero.change.ZeroListener
 * @ZeroListener} method. The message names the table, the column, its type and the property;
 * the listener fails, so the transaction is delivered again.
 */
final class RowBindingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RowBindingException(String message) {
		super(message);
	}

	RowBindingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
