package dev.zero.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZeroThreadsTests {

	@Test
	void defaultThreadsAreUnstartedDaemonsWithTheCallersName() throws Exception {
		CompletableFuture<String> ranOn = new CompletableFuture<>();
		Thread thread = ZeroThreads.defaults()
			.newThread("zero-test-worker", () -> ranOn.complete(Thread.currentThread().getName()));
		assertThat(thread.getName()).isEqualTo("zero-test-worker");
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
		thread.start();
		assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("zero-test-worker");
	}

	@Test
	void defaultTicksRunOnTheSharedSlotWatchDaemon() throws Exception {
		CompletableFuture<Thread> ranOn = new CompletableFuture<>();
		ScheduledFuture<?> tick = ZeroThreads.defaults()
			.scheduleWithFixedDelay(() -> ranOn.complete(Thread.currentThread()), 0, 10, TimeUnit.MILLISECONDS);
		try {
			Thread thread = ranOn.get(5, TimeUnit.SECONDS);
			assertThat(thread.getName()).isEqualTo("zero-slot-watch");
			assertThat(thread.isDaemon()).isTrue();
		}
		finally {
			tick.cancel(false);
		}
	}

	@Test
	void theApplicationsThreadFactoryMakesTheThreadsNamedAndDaemonAllTheSame() {
		RecordingThreadFactory factory = new RecordingThreadFactory();
		ZeroThreads threads = ZeroThreads.defaults().withThreadFactory(factory);
		Thread thread = threads.newThread("zero-test-worker", () -> {
		});
		assertThat(factory.made).containsExactly(thread);
		assertThat(thread.getName()).isEqualTo("zero-test-worker");
		assertThat(thread.isDaemon()).isTrue();
	}

	@Test
	void aBackgroundThreadComesFromTheApplicationsThreadFactory() throws Exception {
		RecordingThreadFactory factory = new RecordingThreadFactory();
		BackgroundThread background = new BackgroundThread("zero-test-background",
				ZeroThreads.defaults().withThreadFactory(factory));
		CompletableFuture<Thread> ranOn = new CompletableFuture<>();
		background.start(() -> {
			ranOn.complete(Thread.currentThread());
			background.awaitUntil(() -> false);
		});
		try {
			assertThat(factory.made).containsExactly(ranOn.get(5, TimeUnit.SECONDS));
			assertThat(factory.made.get(0).getName()).isEqualTo("zero-test-background");
		}
		finally {
			background.stop(Duration.ofSeconds(5), () -> {
			});
		}
	}

	@Test
	void theApplicationsSchedulerRunsTheTicks() throws Exception {
		ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1,
				(task) -> new Thread(task, "app-scheduler"));
		try {
			ZeroThreads threads = new ZeroThreads(new RecordingThreadFactory(), scheduler);
			CompletableFuture<String> ranOn = new CompletableFuture<>();
			ScheduledFuture<?> tick = threads
				.scheduleWithFixedDelay(() -> ranOn.complete(Thread.currentThread().getName()), 0, 10, TimeUnit.MILLISECONDS);
			assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("app-scheduler");
			tick.cancel(false);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	@Test
	void aThreadFactoryThatMakesNoThreadIsAnError() {
		ZeroThreads threads = ZeroThreads.defaults().withThreadFactory((task) -> null);
		assertThatIllegalStateException().isThrownBy(() -> threads.newThread("zero-test-worker", () -> {
		})).withMessageContaining("zero-test-worker");
	}

	/** Platform threads that are not daemons, as many applications' factories make them. */
	private static final class RecordingThreadFactory implements ThreadFactory {

		private final List<Thread> made = new CopyOnWriteArrayList<>();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "app-" + this.made.size());
			thread.setDaemon(false);
			this.made.add(thread);
			return thread;
		}

	}

}
