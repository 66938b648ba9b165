package dev.zero.push.processor;

/**
 * A mutation whose id is past its client's next: the push stops, and zero-cache is told which
 * mutations were not processed (reason {@code oooMutation}).
 */
final class OutOfOrderMutationException extends RuntimeException {

	OutOfOrderMutationException(String clientID, long received, long expected) {
		// the message of zero-server 1.9.0's OutOfOrderMutation
		super("Client " + clientID + " sent mutation ID " + received + " but expected " + expected);
	}

}
