package dev.zero.replication;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exponential backoff with a ceiling and optional jitter.
 */
class BackoffTests {

	@Test
	void doublesFromTheFirstDelayUpToTheMaximum() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0);
		assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(16));
		assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(30));
		assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void jitterSpreadsWithinItsShare() {
		Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 0.2);
		for (int i = 0; i < 200; i++) {
			assertThat(backoff.delay(1)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
		}
	}

}
