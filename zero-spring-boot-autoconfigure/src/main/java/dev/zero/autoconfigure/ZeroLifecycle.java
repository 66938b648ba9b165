package dev.zero.autoconfigure;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

import dev.zero.supervisor.ShardNotReadyException;
import dev.zero.supervisor.ShardStatus;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.CheckResult;

/**
 * Starts the shard's background worker once the application context is refreshed (after
 * schema initialization and migrations) and stops it on shutdown. With fail-fast, it first
 * checks the shard on the starting thread and refuses to start when a check fails.
 */
public class ZeroLifecycle implements SmartLifecycle {

	private final ShardSupervisor supervisor;

	private final boolean failFast;

	private final Duration stopTimeout;

	private final Runnable preflight;

	/**
	 * @param supervisor the shard's worker
	 * @param failFast whether to check the shard before starting and refuse to start when a
	 * check fails
	 * @param stopTimeout how long a stop waits for the worker
	 */
	public ZeroLifecycle(ShardSupervisor supervisor, boolean failFast, Duration stopTimeout) {
		this(supervisor, failFast, stopTimeout, () -> {
		});
	}

	/**
	 * @param supervisor the shard's worker
	 * @param failFast whether to check the shard before starting and refuse to start when a
	 * check fails
	 * @param stopTimeout how long a stop waits for the worker
	 * @param preflight checks the application's own setup (its listeners) before anything
	 * starts; what it throws fails the start
	 */
	public ZeroLifecycle(ShardSupervisor supervisor, boolean failFast, Duration stopTimeout, Runnable preflight) {
		this.supervisor = supervisor;
		this.failFast = failFast;
		this.stopTimeout = stopTimeout;
		this.preflight = preflight;
	}

	@Override
	public void start() {
		this.preflight.run();
		if (this.failFast) {
			ShardStatus status = this.supervisor.checkNow();
			if (status.firstFailure().isPresent()) {
				throw new ShardNotReadyException(status.report().upstream(),
						status.checks().stream().filter(CheckResult::failed).toList());
			}
		}
		this.supervisor.start();
	}

	@Override
	public void stop() {
		this.supervisor.stop(this.stopTimeout);
	}

	@Override
	public boolean isRunning() {
		return this.supervisor.isRunning();
	}

}
