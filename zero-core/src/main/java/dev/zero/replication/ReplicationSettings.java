package dev.zero.replication;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How the shard's listener replicates.
 *
 * @param slotName the logical replication slot, created when missing
 * @param statusInterval how often the flushed position is reported to the server
 * @param failover whether to create the slot with FAILOVER (PostgreSQL 17+), so that it
 * survives a failover to a synchronized standby
 * @param stopTimeout how long a stop may wait for the transaction in hand to be delivered
 * @param initialSync whether a reset copies the existing rows before streaming
 * @param parallelism how many connections copy in parallel during a sync, at most (fewer when
 * the server has fewer to spare)
 * @param autoReset whether a schema change that cannot be followed in place resets
 * automatically (otherwise the listener stops until a manual reset)
 * @param streamTimeout how long the stream may receive nothing while the server has sent, or
 * has data to send, before it is declared dead and opened again ({@link StreamLiveness})
 * @param idleRelease how long the stream may have nothing to deliver before the worker
 * releases every connection it holds (so that a scale-to-zero server can sleep), or
 * {@code null} to hold them for ever
 * @param idleWakeInterval how often a released worker connects again on its own to deliver
 * what other clients changed, or {@code null} to wait for {@link ReplicationWorker#wake()}
 */
public record ReplicationSettings(String slotName, Duration statusInterval, boolean failover, Duration stopTimeout,
		boolean initialSync, int parallelism, boolean autoReset, Duration streamTimeout,
		@Nullable Duration idleRelease, @Nullable Duration idleWakeInterval) {

	/** How long a stream may receive nothing while the server has data for it, unless configured. */
	public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

	/** The rule PostgreSQL has for slot names, for error messages. */
	public static final String SLOT_NAME_RULE = "only lower-case letters, digits and '_', at most 63 characters";

	public ReplicationSettings {
		String problem = slotNameProblem(slotName);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		if (parallelism < 1) {
			throw new IllegalArgumentException("the initial sync needs at least one connection");
		}
		if (streamTimeout.isNegative() || streamTimeout.isZero()) {
			throw new IllegalArgumentException("the stream timeout must be positive");
		}
		if (idleRelease != null && (idleRelease.isNegative() || idleRelease.isZero())) {
			throw new IllegalArgumentException("the idle release must be positive");
		}
		if (idleWakeInterval != null && (idleWakeInterval.isNegative() || idleWakeInterval.isZero())) {
			throw new IllegalArgumentException("the idle wake interval must be positive");
		}
	}

	public ReplicationSettings(String slotName, Duration statusInterval, boolean failover, Duration stopTimeout,
			boolean initialSync, int parallelism, boolean autoReset, Duration streamTimeout) {
		this(slotName, statusInterval, failover, stopTimeout, initialSync, parallelism, autoReset, streamTimeout, null,
				null);
	}

	public ReplicationSettings(String slotName, Duration statusInterval, boolean failover, Duration stopTimeout,
			boolean initialSync, int parallelism, boolean autoReset) {
		this(slotName, statusInterval, failover, stopTimeout, initialSync, parallelism, autoReset,
				DEFAULT_STREAM_TIMEOUT);
	}

	/** The same settings with another stream timeout. */
	public ReplicationSettings withStreamTimeout(Duration streamTimeout) {
		return new ReplicationSettings(this.slotName, this.statusInterval, this.failover, this.stopTimeout,
				this.initialSync, this.parallelism, this.autoReset, streamTimeout, this.idleRelease,
				this.idleWakeInterval);
	}

	/**
	 * The same settings with the stream released after {@code idleRelease} with nothing to
	 * deliver, and woken every {@code idleWakeInterval} while released.
	 * @param idleRelease how long to stay connected with nothing to deliver, or {@code null} to
	 * never release
	 * @param idleWakeInterval how often to connect again while released, or {@code null} to
	 * wait for {@link ReplicationWorker#wake()}
	 */
	public ReplicationSettings withIdleRelease(@Nullable Duration idleRelease, @Nullable Duration idleWakeInterval) {
		return new ReplicationSettings(this.slotName, this.statusInterval, this.failover, this.stopTimeout,
				this.initialSync, this.parallelism, this.autoReset, this.streamTimeout, idleRelease, idleWakeInterval);
	}

	/** Settings with the defaults for everything but the slot and its timing. */
	public ReplicationSettings(String slotName, Duration statusInterval, boolean failover, Duration stopTimeout) {
		this(slotName, statusInterval, failover, stopTimeout, true, defaultParallelism(), true);
	}

	/** The initial sync's connections unless configured: one per core. */
	public static int defaultParallelism() {
		return Runtime.getRuntime().availableProcessors();
	}

	/** Why {@code name} cannot name a replication slot, or {@code null} when it can. */
	public static @Nullable String slotNameProblem(@Nullable String name) {
		if (name == null || !SLOT_NAME.matcher(name).matches()) {
			return "slot name '" + name + "' is not allowed: use " + SLOT_NAME_RULE;
		}
		return null;
	}

}
