package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.replication.ReplicationSettings;

/**
 * {@code zero.replication.*}, but for its transactional and re-sync groups
 * ({@link DeliverySettingsMapper}), to the {@link ReplicationSettings} of the shard's worker.
 */
final class ReplicationSettingsMapper {

	private ReplicationSettingsMapper() {
	}

	static void validate(ZeroProperties.Replication replication, Errors errors) {
		String slotName = replication.getSlotName();
		String slotNameProblem = (slotName != null) ? ReplicationSettings.slotNameProblem(slotName) : null;
		if (slotNameProblem != null) {
			errors.rejectValue("replication.slotName", "zero.replication.slot-name.invalid",
					"zero.replication.slot-name: " + slotNameProblem);
		}
		PropertyChecks.positive(errors, "replication.statusInterval", "zero.replication.status-interval",
				replication.getStatusInterval());
		PropertyChecks.positive(errors, "replication.shutdownTimeout", "zero.replication.shutdown-timeout",
				replication.getShutdownTimeout());
		PropertyChecks.positive(errors, "replication.streamTimeout", "zero.replication.stream-timeout",
				replication.getStreamTimeout());
		if (replication.getIdleRelease() != null) {
			PropertyChecks.positive(errors, "replication.idleRelease", "zero.replication.idle-release",
					replication.getIdleRelease());
			PropertyChecks.positive(errors, "replication.idleWakeInterval", "zero.replication.idle-wake-interval",
					replication.getIdleWakeInterval());
		}
		PropertyChecks.atLeastOne(errors, "replication.initialSync.parallelism",
				"zero.replication.initial-sync.parallelism", replication.getInitialSync().getParallelism());
	}

	/** The slot name in use: the configured one, or the shard's default. */
	static String slotName(ZeroProperties properties) {
		String configured = properties.getReplication().getSlotName();
		return (configured != null && !configured.isBlank()) ? configured
				: ShardIdMapper.shardId(properties).defaultSlotName();
	}

	static ReplicationSettings settings(ZeroProperties properties) {
		ZeroProperties.Replication replication = properties.getReplication();
		return new ReplicationSettings(slotName(properties), replication.getStatusInterval(),
				replication.isFailover(), replication.getShutdownTimeout(), replication.getInitialSync().isEnabled(),
				replication.getInitialSync().getParallelism(), replication.isAutoReset(),
				replication.getStreamTimeout())
			.withIdleRelease(replication.getIdleRelease(),
					(replication.getIdleRelease() != null) ? replication.getIdleWakeInterval() : null);
	}

}
