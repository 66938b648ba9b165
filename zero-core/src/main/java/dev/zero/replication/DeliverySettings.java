package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import java.time.Duration;

/**
 * How changes reach {@link TransactionalTarget transactional targets}, and how tables are re-read
 * while streaming.
 *
 * @param batchSize at most this many consecutive source transactions share one target
 * transaction
 * @param batchDelay a target transaction is committed at the latest this long after it began,
 * however busy the stream; it is committed at once when the stream has nothing more in hand
 * @param snapshotChunk during an initial sync, rows per target transaction
 * @param deliverOwnWrites whether transactions written by the transactional listeners
 * themselves are delivered to the listeners (by default they are not)
 * @param resyncChunk rows per chunk when a table is re-read while streaming
 */
public record DeliverySettings(int batchSize, Duration batchDelay, int snapshotChunk, boolean deliverOwnWrites,
		int resyncChunk) {

	/**
	 * The defaults: batches of up to 1000 transactions or 200 ms, own writes not delivered,
	 * chunks of 10,000 rows.
	 */
	public static final DeliverySettings DEFAULTS = new DeliverySettings(1000, Duration.ofMillis(200), 10_000, false,
			10_000);

	public DeliverySettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("the batch size must be at least 1");
		}
		if (batchDelay.isNegative()) {
			throw new IllegalArgumentException("the batch delay must not be negative");
		}
		if (resyncChunk < 1) {
			throw new IllegalArgumentException("the re-sync chunk must be at least 1 row");
		}
		if (snapshotChunk < 1) {
			throw new IllegalArgumentException("the snapshot chunk must be at least 1 row");
		}
	}

}

