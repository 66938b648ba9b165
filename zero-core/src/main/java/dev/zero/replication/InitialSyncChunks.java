package dev.zero.replication;

import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.change.SyncComplete;

/**
 * Delivers an initial sync to the plain listeners and every target, outside the stream: the
 * reset, the copied rows as snapshot inserts, and the sync's end. The targets commit every
 * {@link DeliverySettings#snapshotChunk() snapshot chunk} of rows at the position they had (a
 * crash before the sync completes starts it over with a reset), and commit the last rows at the
 * new slot's consistent point with the sync's end.
 */
final class InitialSyncChunks {

	private final FanOut fanOut;

	private final DeliveryTargets targets;

	private final int chunk;

	/** Rows delivered since the targets last committed. */
	private long rows;

	InitialSyncChunks(FanOut fanOut, DeliveryTargets targets, DeliverySettings settings) {
		this.fanOut = fanOut;
		this.targets = targets;
		this.chunk = settings.snapshotChunk();
	}

	/** Starts an initial sync: the targets open a transaction for the reset and the first rows. */
	void reset(Reset reset) throws ListenerException {
		this.rows = 0;
		this.fanOut.outside((listeners) -> listeners.reset(reset));
	}

	/** A row the initial sync copied. */
	void row(Insert row) throws ListenerException {
		this.fanOut.outside((listeners) -> listeners.change(row));
		if (++this.rows >= this.chunk) {
			for (DeliveryTargets.Target target : this.targets.all()) {
				this.targets.commit(target, target.committed);
			}
			this.rows = 0;
		}
	}

	/** Ends the initial sync: the targets commit at the new slot's consistent point. */
	void complete(SyncComplete complete) throws ListenerException {
		this.fanOut.outside((listeners) -> listeners.syncComplete(complete));
		for (DeliveryTargets.Target target : this.targets.all()) {
			this.targets.commit(target, complete.consistentPoint());
		}
		this.rows = 0;
	}

}
