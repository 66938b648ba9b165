package dev.zero.replication;

import java.time.Duration;

/**
 * How changes reach {@link TransactionalTarget transactional targets}.
 *
 * @param batchSize at most this many consecutive source transactions share one target
 * transaction
 * @param batchDelay a target transaction is committed at the latest this long after it began,
 * however busy the stream; it is committed at once when the stream has nothing more in hand
 * @param snapshotChunk during an initial sync, rows per target transaction
 * @param deliverOwnWrites whether transactions written by the transactional listeners
 * themselves are delivered to the listeners (by default they are not)
 */
public record DeliverySettings(int batchSize, Duration batchDelay, int snapshotChunk, boolean deliverOwnWrites) {

	/** The defaults: batches of up to 1000 transactions or 200 ms, own writes not delivered. */
	public static final DeliverySettings DEFAULTS = new DeliverySettings(1000, Duration.ofMillis(200), 10_000, false);

	public DeliverySettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("the batch size must be at least 1");
		}
		if (batchDelay.isNegative()) {
			throw new IllegalArgumentException("the batch delay must not be negative");
		}
		if (snapshotChunk < 1) {
			throw new IllegalArgumentException("the snapshot chunk must be at least 1 row");
		}
	}

}
