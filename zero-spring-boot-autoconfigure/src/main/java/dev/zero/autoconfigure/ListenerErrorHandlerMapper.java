package dev.zero.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

import dev.zero.change.DefaultListenerErrorHandler;
import dev.zero.change.ListenerBackOff;
import dev.zero.change.ListenerRecoverer;
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

	/**
	 * The handler the properties describe.
	 * @param error {@code zero.listener.error.*}
	 * @param deadLetterTable the recoverer that writes the shard's dead-letter table
	 * @param deadLetterTopic the Kafka module's dead-letter topic recoverer, when it is there
	 */
	static DefaultListenerErrorHandler handler(ZeroProperties.Error error,
			Supplier<ListenerRecoverer> deadLetterTable, Supplier<@Nullable ListenerRecoverer> deadLetterTopic) {
		ZeroProperties.BackOff backOff = error.getBackOff();
		ListenerBackOff listenerBackOff = new ListenerBackOff(error.getMaxAttempts(), backOff.getInitialInterval(),
				backOff.getMultiplier(), backOff.getMaxInterval());
		ListenerRecoverer recoverer = switch (error.getRecoverer()) {
			case NONE -> null;
			case LOG -> new LoggingRecoverer();
			case DEAD_LETTER_TABLE -> deadLetterTable.get();
			case DEAD_LETTER_TOPIC -> {
				ListenerRecoverer topic = deadLetterTopic.get();
				if (topic == null) {
					throw new IllegalStateException("zero.listener.error.recoverer=dead-letter-topic needs the Kafka "
							+ "module (zero-spring-boot-starter-kafka) and a KafkaTemplate (spring.kafka.*)");
				}
				yield topic;
			}
		};
		return new DefaultListenerErrorHandler(listenerBackOff, recoverer);
	}

}
