package dev.zero.shard;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.upstream.UpstreamReport;
import dev.zero.upstream.UpstreamValidator;

/**
 * The background worker of one shard: validates the upstream, and keeps validating on an
 * interval while it is not ready, so that fixing the database is noticed without restarting
 * the application. It never blocks the thread that starts it and never throws into it.
 */
public final class ShardSupervisor {

	private static final Logger logger = LoggerFactory.getLogger(ShardSupervisor.class);

	private final ShardId shard;

	private final UpstreamValidator validator;

	private final Duration validationInterval;

	private final Consumer<UpstreamReport> reportListener;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wakeUp = this.lock.newCondition();

	private volatile ShardStatus status;

	private Thread worker;

	private boolean wakeRequested;

	public ShardSupervisor(ShardId shard, UpstreamValidator validator, Duration validationInterval,
			Consumer<UpstreamReport> reportListener) {
		this.shard = shard;
		this.validator = validator;
		this.validationInterval = validationInterval;
		this.reportListener = Objects.requireNonNull(reportListener);
		this.status = new ShardStatus(shard, ShardState.STARTING, null);
	}

	public ShardId shard() {
		return this.shard;
	}

	public ShardStatus status() {
		return this.status;
	}

	/**
	 * Validates once on the caller's thread and records the result: for fail-fast startup.
	 */
	public UpstreamReport validateNow() {
		UpstreamReport report = this.validator.validate();
		publish(report);
		return report;
	}

	/** Starts the worker thread; does nothing when it runs. */
	public void start() {
		this.lock.lock();
		try {
			if (this.worker != null) {
				return;
			}
			this.worker = new Thread(this::run, "zero-" + this.shard.appId() + "-" + this.shard.shardNum());
			this.worker.setDaemon(true);
			this.worker.start();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Asks the worker to re-validate now instead of at the end of its interval. */
	public void wakeUp() {
		this.lock.lock();
		try {
			this.wakeRequested = true;
			this.wakeUp.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stops the worker and waits for it, at most {@code timeout}. */
	public void stop(Duration timeout) {
		Thread thread;
		this.lock.lock();
		try {
			thread = this.worker;
			this.worker = null;
		}
		finally {
			this.lock.unlock();
		}
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(timeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.status = new ShardStatus(this.shard, ShardState.STOPPED, this.status.report());
	}

	public boolean isRunning() {
		this.lock.lock();
		try {
			return this.worker != null;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run() {
		while (isCurrentWorker()) {
			UpstreamReport report;
			try {
				report = this.validator.validate();
			}
			catch (RuntimeException ex) {
				logger.error("Validating the upstream {} failed unexpectedly", this.validator.upstream(), ex);
				if (!pause(this.validationInterval)) {
					return;
				}
				continue;
			}
			if (!isCurrentWorker()) {
				return;
			}
			publish(report);
			if (report.ready()) {
				return;
			}
			if (!pause(this.validationInterval)) {
				return;
			}
		}
	}

	private void publish(UpstreamReport report) {
		this.status = new ShardStatus(this.shard, report.ready() ? ShardState.READY : ShardState.NOT_READY, report);
		try {
			this.reportListener.accept(report);
		}
		catch (RuntimeException ex) {
			logger.warn("A report listener failed", ex);
		}
	}

	private boolean isCurrentWorker() {
		this.lock.lock();
		try {
			return this.worker == Thread.currentThread();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for the interval or a wake-up; returns false when the worker should end.
	 */
	private boolean pause(Duration duration) {
		this.lock.lock();
		try {
			long remaining = duration.toNanos();
			while (!this.wakeRequested && remaining > 0 && this.worker == Thread.currentThread()) {
				remaining = this.wakeUp.awaitNanos(remaining);
			}
			this.wakeRequested = false;
			return this.worker == Thread.currentThread();
		}
		catch (InterruptedException ex) {
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
