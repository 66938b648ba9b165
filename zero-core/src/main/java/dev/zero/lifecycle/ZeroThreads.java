package dev.zero.lifecycle;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where the starter's threads come from: every thread it runs is made here, a thread for each
 * piece of long-running blocking work (named by the caller, {@code zero-...}) and one scheduler
 * for the periodic ticks. By default platform threads and one shared scheduler thread
 * ({@code zero-slot-watch}); an application may supply its own {@link ThreadFactory} and
 * {@link ScheduledExecutorService}. It never shuts down a scheduler it was given, and the
 * threads it makes are daemons, so that none keeps the JVM alive.
 */
public final class ZeroThreads {

	/** Set on the threads {@link #newThread} makes, for as long as they run. */
	private static final ThreadLocal<Boolean> OWN = new ThreadLocal<>();

	private static final ZeroThreads DEFAULTS = new ZeroThreads(Thread::new, SharedScheduler::get);

	private final ThreadFactory threadFactory;

	private final Supplier<ScheduledExecutorService> scheduler;

	/**
	 * @param threadFactory makes the threads of long-running work; each is then named and
	 * made a daemon before it starts
	 * @param scheduler runs the periodic ticks
	 */
	public ZeroThreads(ThreadFactory threadFactory, ScheduledExecutorService scheduler) {
		this(threadFactory, fixed(scheduler));
	}

	private ZeroThreads(ThreadFactory threadFactory, Supplier<ScheduledExecutorService> scheduler) {
		this.threadFactory = Objects.requireNonNull(threadFactory);
		this.scheduler = scheduler;
	}

	/** Platform threads, and the ticks on one daemon thread shared by the whole JVM, made when first used. */
	public static ZeroThreads defaults() {
		return DEFAULTS;
	}

	/** These threads, with the long-running ones made by {@code threadFactory}. */
	public ZeroThreads withThreadFactory(ThreadFactory threadFactory) {
		return new ZeroThreads(threadFactory, this.scheduler);
	}

	/** These threads, with the ticks run by {@code scheduler}. */
	public ZeroThreads withScheduler(ScheduledExecutorService scheduler) {
		return new ZeroThreads(this.threadFactory, fixed(scheduler));
	}

	/**
	 * A daemon thread, not started, that runs {@code body} under {@code name}.
	 * @throws IllegalStateException when the thread factory makes none
	 */
	public Thread newThread(String name, Runnable body) {
		Thread thread = this.threadFactory.newThread(() -> {
			OWN.set(Boolean.TRUE);
			body.run();
		});
		if (thread == null) {
			throw new IllegalStateException("The thread factory made no thread for " + name);
		}
		thread.setName(name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Whether the calling thread is one of the starter's long-running ones (made by
	 * {@link #newThread}), for example the replication worker delivering to a target: what it
	 * does with the application's DataSource is not the application's own use.
	 */
	public static boolean isZeroThread() {
		return OWN.get() != null;
	}

	/** Runs {@code tick} on the scheduler, every {@code delay} after the previous run ended. */
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable tick, long initialDelay, long delay, TimeUnit unit) {
		return this.scheduler.get().scheduleWithFixedDelay(tick, initialDelay, delay, unit);
	}

	private static Supplier<ScheduledExecutorService> fixed(ScheduledExecutorService scheduler) {
		Objects.requireNonNull(scheduler);
		return () -> scheduler;
	}

	/** The default scheduler, made on first use: classes loaded and never used cost no thread. */
	private static final class SharedScheduler {

		private static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "zero-slot-watch");
			thread.setDaemon(true);
			return thread;
		});

		static ScheduledExecutorService get() {
			return INSTANCE;
		}

	}

}
