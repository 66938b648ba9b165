package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.replication.DeliverySettings;

/**
 * {@code zero.replication.transactional.*} and {@code zero.replication.resync.*} to the
 * {@link DeliverySettings}: how changes reach transactional targets, and how tables are
 * re-read while streaming.
 */
final class DeliverySettingsMapper {

	private DeliverySettingsMapper() {
	}

	static void validate(ZeroProperties.Replication replication, Errors errors) {
		ZeroProperties.Transactional transactional = replication.getTransactional();
		PropertyChecks.atLeastOne(errors, "replication.transactional.batchSize",
				"zero.replication.transactional.batch-size", transactional.getBatchSize());
		PropertyChecks.atLeastOne(errors, "replication.transactional.snapshotChunk",
				"zero.replication.transactional.snapshot-chunk", transactional.getSnapshotChunk());
		if (transactional.getBatchDelay() == null || transactional.getBatchDelay().isNegative()) {
			errors.rejectValue("replication.transactional.batchDelay",
					"zero.replication.transactional.batch-delay.invalid",
					"zero.replication.transactional.batch-delay: must not be negative");
		}
		PropertyChecks.atLeastOne(errors, "replication.resync.chunkSize", "zero.replication.resync.chunk-size",
				replication.getResync().getChunkSize());
	}

	static DeliverySettings settings(ZeroProperties.Replication replication) {
		ZeroProperties.Transactional transactional = replication.getTransactional();
		return new DeliverySettings(transactional.getBatchSize(), transactional.getBatchDelay(),
				transactional.getSnapshotChunk(), transactional.isDeliverOwnWrites(),
				replication.getResync().getChunkSize());
	}

}
