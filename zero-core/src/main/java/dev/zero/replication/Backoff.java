package dev.zero.replication;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff: each attempt waits twice as long as the previous one, from a first
 * delay up to a maximum, optionally spread by random jitter so that several instances do not
 * retry in step.
 */
final class Backoff {

	private final Duration first;

	private final Duration max;

	private final double jitter;

	Backoff(Duration first, Duration max, double jitter) {
		this.first = first;
		this.max = max;
		this.jitter = jitter;
	}

	/**
	 * The delay before attempt {@code attempt} (1 for the first retry).
	 */
	Duration delay(int attempt) {
		long base = this.first.toMillis();
		for (int i = 1; i < attempt && base < this.max.toMillis(); i++) {
			base *= 2;
		}
		base = Math.min(base, this.max.toMillis());
		if (this.jitter > 0) {
			double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * this.jitter;
			base = Math.round(base * factor);
		}
		return Duration.ofMillis(base);
	}

}
