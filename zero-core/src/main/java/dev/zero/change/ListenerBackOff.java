package dev.zero.change;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a failed listener is tried again on the same change: the wait
 * before each retry starts at {@code initialInterval} and grows by {@code multiplier} up to
 * {@code maxInterval}.
 *
 * @param maxAttempts how many times the listener is called on the change before the
 * recoverer runs (1: no retry)
 * @param initialInterval the wait before the first retry
 * @param multiplier what each wait is multiplied by for the next
 * @param maxInterval the longest wait
 */
public record ListenerBackOff(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval) {

	/** Ten attempts, waiting 1 s, 2 s, 4 s, ... up to 30 s in between. */
	public static final ListenerBackOff DEFAULTS = new ListenerBackOff(10, Duration.ofSeconds(1), 2,
			Duration.ofSeconds(30));

	public ListenerBackOff {
		Objects.requireNonNull(initialInterval, "initialInterval must not be null");
		Objects.requireNonNull(maxInterval, "maxInterval must not be null");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
		}
		if (initialInterval.isNegative() || maxInterval.isNegative()) {
			throw new IllegalArgumentException("intervals must not be negative");
		}
		if (multiplier < 1) {
			throw new IllegalArgumentException("multiplier must be at least 1, not " + multiplier);
		}
	}

	/**
	 * The wait after failed attempt {@code attempt} (1 for the first failure).
	 * @param attempt the attempt that failed
	 * @return the wait before the next
	 */
	public Duration delayAfter(int attempt) {
		double millis = this.initialInterval.toMillis();
		long max = this.maxInterval.toMillis();
		for (int i = 1; i < attempt && millis < max; i++) {
			millis *= this.multiplier;
		}
		return Duration.ofMillis(Math.min(Math.round(millis), max));
	}

}
