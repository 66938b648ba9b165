package dev.zero.push.processor;

/**
 * A push body or query that cannot be read: answered with a push failure for reason
 * {@code parse}.
 */
final class PushParseException extends RuntimeException {

	PushParseException(String message) {
		super(message);
	}

}
