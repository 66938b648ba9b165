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
 * @param tableCopyWorkers how many connections copy tables in parallel during a sync
 * @param autoReset whether a schema change that cannot be followed in place resets
 * automatically (otherwise the listener stops until a manual reset)
 */
public record ReplicationSettings(String slotName, Duration statusInterval, boolean failover, Duration stopTimeout,
		boolean initialSync, int tableCopyWorkers, boolean autoReset) {

	private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

	/** The rule PostgreSQL has for slot names, for error messages. */
	public static final String SLOT_NAME_RULE = "only lower-case letters, digits and '_', at most 63 characters";

	public ReplicationSettings {
		String problem = slotNameProblem(slotName);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		if (tableCopyWorkers < 1) {
			throw new IllegalArgumentException("at least one table copy worker is needed");
		}
	}

	/** Settings with the defaults for everything but the slot and its timing. */
	public ReplicationSettings(String slotName, Duration statusInterval, boolean failover, Duration stopTimeout) {
		this(slotName, statusInterval, failover, stopTimeout, true, 4, true);
	}

	/** Why {@code name} cannot name a replication slot, or {@code null} when it can. */
	public static @Nullable String slotNameProblem(@Nullable String name) {
		if (name == null || !SLOT_NAME.matcher(name).matches()) {
			return "slot name '" + name + "' is not allowed: use " + SLOT_NAME_RULE;
		}
		return null;
	}

}
