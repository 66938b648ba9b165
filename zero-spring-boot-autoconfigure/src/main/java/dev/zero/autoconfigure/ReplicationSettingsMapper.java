package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.replication.ReplicationSettings;

/**
 * {@code zero.replication.*} but its transactional group ({@link DeliverySettingsMapper}),
 * {@code zero.initial-sync.*} and {@code zero.auto-reset} to the {@link ReplicationSettings}
 * of the shard's worker.
 */
final class ReplicationSettingsMapper {

	private ReplicationSettingsMapper() {
	}

	static void validate(ZeroProperties properties, Errors errors) {
		ZeroProperties.Replication replication = properties.getReplication();
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
		PropertyChecks.atLeastOne(errors, "initialSync.parallelism", "zero.initial-sync.parallelism",
				properties.getInitialSync().getParallelism());
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
				replication.isFailover(), replication.getShutdownTimeout(), properties.getInitialSync().isEnabled(),
				properties.getInitialSync().getParallelism(), properties.isAutoReset(), replication.getStreamTimeout());
	}

}
