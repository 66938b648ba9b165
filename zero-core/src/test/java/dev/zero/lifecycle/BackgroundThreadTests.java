package dev.zero.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One background thread at a time, paused on a condition that a stop or a signal ends.
 */
class BackgroundThreadTests {

	@Test
	void startsOnceAndAStopEndsALongPauseAtOnce() {
		BackgroundThread background = new BackgroundThread("test-pause");
		AtomicInteger rounds = new AtomicInteger();
		Runnable body = () -> {
			while (background.pause(Duration.ofMinutes(10))) {
				rounds.incrementAndGet();
			}
		};
		assertThat(background.start(body)).isTrue();
		assertThat(background.start(body)).as("already running").isFalse();
		assertThat(background.isRunning()).isTrue();
		long started = System.nanoTime();
		background.stop(Duration.ofSeconds(10), () -> {
		});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(background.isRunning()).isFalse();
		assertThat(rounds).hasValue(0);
		assertThat(background.start(body)).as("startable again").isTrue();
		background.stop(Duration.ofSeconds(10), () -> {
		});
	}

	@Test
	void aSignalReTestsWhatTheThreadAwaitsAndTheWakeRunsOnStop() {
		BackgroundThread background = new BackgroundThread("test-await");
		AtomicBoolean ready = new AtomicBoolean();
		AtomicBoolean passed = new AtomicBoolean();
		AtomicBoolean woken = new AtomicBoolean();
		background.start(() -> {
			background.awaitUntil(ready::get);
			passed.set(!background.stopping());
			background.pause(Duration.ofMinutes(10));
		});
		ready.set(true);
		background.signal();
		await().atMost(Duration.ofSeconds(5)).untilTrue(passed);
		background.stop(Duration.ofSeconds(10), () -> woken.set(true));
		assertThat(woken).isTrue();
		assertThat(background.isRunning()).isFalse();
		assertThat(background.isCurrent()).isFalse();
	}

}
