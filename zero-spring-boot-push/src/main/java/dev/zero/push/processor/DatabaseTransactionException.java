package dev.zero.push.processor;

/**
 * A mutation whose transaction failed twice: with the mutator, then when only its error was
 * to be recorded. The push stops (reason {@code database}).
 */
final class DatabaseTransactionException extends RuntimeException {

	DatabaseTransactionException(Throwable cause) {
		// zero-server 1.9.0's DatabaseTransactionError, after the transaction opened
		super("Database transaction failed after opening: " + PushResponses.messageOf(cause), cause);
	}

}
