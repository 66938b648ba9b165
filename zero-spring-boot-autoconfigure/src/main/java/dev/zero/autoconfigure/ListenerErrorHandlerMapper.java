package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.change.DefaultListenerErrorHandler;
import dev.zero.change.ListenerBackOff;
import dev.zero.change.LoggingRecoverer;

/**
 * {@code zero.listener.error.*} to the {@link DefaultListenerErrorHandler}: the back-off, and
 * the recoverer that takes a change once the attempts are spent.
 */
final class ListenerErrorHandlerMapper {

	private ListenerErrorHandlerMapper() {
	}

	static void validate(ZeroProperties.Error error, Errors errors) {
		PropertyChecks.atLeastOne(errors, "listener.error.maxAttempts", "zero.listener.error.max-attempts",
				error.getMaxAttempts());
		ZeroProperties.BackOff backOff = error.getBackOff();
		if (backOff.getInitialInterval() == null || backOff.getInitialInterval().isNegative()) {
			errors.rejectValue("listener.error.backOff.initialInterval",
					"zero.listener.error.back-off.initial-interval.invalid",
					"zero.listener.error.back-off.initial-interval: must not be negative");
		}
		if (backOff.getMaxInterval() == null || backOff.getInitialInterval() != null
				&& backOff.getMaxInterval().compareTo(backOff.getInitialInterval()) < 0) {
			errors.rejectValue("listener.error.backOff.maxInterval",
					"zero.listener.error.back-off.max-interval.invalid",
					"zero.listener.error.back-off.max-interval: must be at least the initial interval");
		}
		if (!(backOff.getMultiplier() >= 1)) {
			errors.rejectValue("listener.error.backOff.multiplier", "zero.listener.error.back-off.multiplier.invalid",
					"zero.listener.error.back-off.multiplier: must be at least 1");
		}
	}

	static DefaultListenerErrorHandler handler(ZeroProperties.Error error) {
		ZeroProperties.BackOff backOff = error.getBackOff();
		ListenerBackOff listenerBackOff = new ListenerBackOff(error.getMaxAttempts(), backOff.getInitialInterval(),
				backOff.getMultiplier(), backOff.getMaxInterval());
		return switch (error.getRecoverer()) {
			case NONE -> new DefaultListenerErrorHandler(listenerBackOff, null);
			case LOG -> new DefaultListenerErrorHandler(listenerBackOff, new LoggingRecoverer());
		};
	}

}
