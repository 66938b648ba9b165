package dev.zero.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One named daemon thread that runs a body until asked to stop: started at most once at a
 * time, it pauses on a condition rather than in a sleep, so that a stop request or a signal
 * wakes it at once, and stopping waits for it a bounded time. The shard's supervisor and its
 * replication worker each have one.
 */
public final class BackgroundThread {

	private final String name;

	private final ZeroThreads threads;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private @Nullable Thread thread;

	private volatile boolean stopping;

	public BackgroundThread(String name) {
		this(name, ZeroThreads.defaults());
	}

	/**
	 * @param name the thread's name
	 * @param threads where the thread comes from
	 */
	public BackgroundThread(String name, ZeroThreads threads) {
		this.name = name;
		this.threads = threads;
	}

	/**
	 * Runs {@code body} on a new daemon thread, unless one runs already.
	 * @return whether it started
	 */
	public boolean start(Runnable body) {
		this.lock.lock();
		try {
			if (this.thread != null) {
				return false;
			}
			this.stopping = false;
			Thread started = this.threads.newThread(this.name, body);
			this.thread = started;
			started.start();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether the thread was started and not stopped. */
	public boolean isRunning() {
		this.lock.lock();
		try {
			return this.thread != null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether the caller is the running thread and it was not asked to stop. */
	public boolean isCurrent() {
		this.lock.lock();
		try {
			return this.thread == Thread.currentThread() && !this.stopping;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether a stop was asked for; the body returns soon after. */
	public boolean stopping() {
		return this.stopping;
	}

	/**
	 * Asks the thread to stop, runs {@code wake} (to unblock what a signal cannot), and waits
	 * for it at most {@code timeout}.
	 */
	public void stop(Duration timeout, Runnable wake) {
		Thread running;
		this.lock.lock();
		try {
			running = this.thread;
			this.stopping = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		wake.run();
		if (running != null && running != Thread.currentThread()) {
			try {
				running.join(timeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.lock.lock();
		try {
			if (this.thread == running) {
				this.thread = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for {@code duration}, or less when a stop is asked for or {@link #signal()} is
	 * called.
	 * @return whether to go on: {@code false} once a stop was asked for
	 */
	public boolean pause(Duration duration) {
		return await(duration.toNanos(), () -> false);
	}

	/** Waits until {@code done} holds, or a stop is asked for; {@link #signal()} re-tests it. */
	public void awaitUntil(BooleanSupplier done) {
		await(Long.MAX_VALUE, done);
	}

	/**
	 * Waits until {@code done} holds, {@code timeout} passed or a stop is asked for;
	 * {@link #signal()} re-tests it.
	 * @param timeout how long to wait at most, or {@code null} for as long as it takes
	 * @return whether to go on: {@code false} once a stop was asked for
	 */
	public boolean awaitUntil(@Nullable Duration timeout, BooleanSupplier done) {
		return await((timeout != null) ? timeout.toNanos() : Long.MAX_VALUE, done);
	}

	/** Wakes the thread from {@link #pause} and {@link #awaitUntil}. */
	public void signal() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean await(long nanos, BooleanSupplier done) {
		this.lock.lock();
		try {
			long remaining = nanos;
			while (!this.stopping && !done.getAsBoolean() && remaining > 0) {
				remaining = this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopping = true;
		}
		finally {
			this.lock.unlock();
		}
		return !this.stopping;
	}

}
