package dev.zero.autoconfigure;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

import dev.zero.shard.ShardSupervisor;

/**
 * Starts the shard's background worker once the application context is refreshed (after
 * schema initialization and migrations) and stops it on shutdown.
 */
public class ZeroLifecycle implements SmartLifecycle {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final ShardSupervisor supervisor;

	public ZeroLifecycle(ShardSupervisor supervisor) {
		this.supervisor = supervisor;
	}

	@Override
	public void start() {
		this.supervisor.start();
	}

	@Override
	public void stop() {
		this.supervisor.stop(STOP_TIMEOUT);
	}

	@Override
	public boolean isRunning() {
		return this.supervisor.isRunning();
	}

}
