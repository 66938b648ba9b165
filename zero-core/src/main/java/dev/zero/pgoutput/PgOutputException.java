package dev.zero.pgoutput;

/**
 * Thrown when bytes from the pgoutput plugin cannot be decoded: a truncated or oversized
 * message, an unknown message type, or a data message for a relation that was never
 * described. The stream is not usable past such a message, so this is never swallowed by the
 * decoder.
 */
public final class PgOutputException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PgOutputException(String message) {
		super(message);
	}

}
