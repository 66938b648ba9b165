package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.upstream.InspectionSettings;

/**
 * {@code zero.validation.*} to what the upstream's inspection looks for
 * ({@link InspectionSettings}) and how often the shard's supervisor runs it.
 */
final class InspectionSettingsMapper {

	private InspectionSettingsMapper() {
	}

	static void validate(ZeroProperties.Validation validation, Errors errors) {
		if (validation.getInterval() == null || validation.getInterval().isNegative()
				|| validation.getInterval().isZero()) {
			errors.rejectValue("validation.interval", "zero.validation.interval.invalid",
					"zero.validation.interval: must be positive, for example 30s");
		}
		PropertyChecks.positive(errors, "validation.readyInterval", "zero.validation.ready-interval",
				validation.getReadyInterval());
	}

	static InspectionSettings settings(ZeroProperties properties) {
		return new InspectionSettings(ShardIdMapper.shardId(properties), ReplicationSettingsMapper.slotName(properties),
				properties.getAppPublications(), properties.getPublication().getSchemas(),
				properties.getValidation().getLargeDatabaseSize().toBytes())
			.withIdleRelease(properties.getReplication().getIdleRelease());
	}

}
