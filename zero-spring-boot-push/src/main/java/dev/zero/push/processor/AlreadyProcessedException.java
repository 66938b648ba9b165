package dev.zero.push.processor;

/**
 * A mutation whose id its client has already passed: nothing runs, its result is
 * {@code alreadyProcessed}.
 */
final class AlreadyProcessedException extends RuntimeException {

	AlreadyProcessedException(String clientID, long received, long expected) {
		// the message of zero-cache 1.9.0's MutationAlreadyProcessedError
		super("Ignoring mutation from " + clientID + " with ID " + received + " as it was already processed. Expected: "
				+ expected);
	}

}
