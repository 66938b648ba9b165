package dev.zero.embedded;

/**
 * Thrown when an embedded PostgreSQL server cannot be prepared, started or stopped. The
 * message says what went wrong and, where there is one, what to do about it.
 */
public class EmbeddedPostgresException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public EmbeddedPostgresException(String message) {
		super(message);
	}

	public EmbeddedPostgresException(String message, Throwable cause) {
		super(message, cause);
	}

}
