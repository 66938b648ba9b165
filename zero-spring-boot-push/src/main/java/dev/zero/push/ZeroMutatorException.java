package dev.zero.push;

import org.jspecify.annotations.Nullable;

/**
 * Rejects a mutation with a message, and optionally details, for the client: Zero's
 * {@code ApplicationError}. Any exception a {@link ZeroMutator @ZeroMutator} method throws
 * rejects its mutation the same way (its message becomes the result's {@code message}); this
 * one adds {@code details}, any value the application's {@code JsonMapper} writes.
 */
public class ZeroMutatorException extends RuntimeException {

	private final @Nullable Object details;

	/**
	 * @param message what the client sees as the mutation's error message
	 */
	public ZeroMutatorException(String message) {
		this(message, null);
	}

	/**
	 * @param message what the client sees as the mutation's error message
	 * @param details what the client sees as the error's details, or {@code null}
	 */
	public ZeroMutatorException(String message, @Nullable Object details) {
		super(message);
		this.details = details;
	}

	/**
	 * The error's details for the client.
	 * @return the details, or {@code null}
	 */
	public @Nullable Object getDetails() {
		return this.details;
	}

}
