package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Lsn;
import dev.zero.change.PublishedSchema;
import dev.zero.change.Reset;
import dev.zero.change.ResetReason;
import dev.zero.change.SyncComplete;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.state.ResyncState;
import dev.zero.state.StateSchema;
import dev.zero.state.SyncState;
import dev.zero.upstream.Upstream;

/**
 * Starts replicated state over: records that a reset began, drops the shard's old slot,
 * creates a new one with an exported snapshot, tells the listeners, copies every published
 * row from the snapshot, and records the state it was built from. Until the record says it
 * completed, the next session starts over again with the same reason.
 */
final class StateReset {

	private static final Logger logger = LoggerFactory.getLogger(StateReset.class);

	/** What a reset came to. */
	sealed interface Outcome permits Result, SlotHeld {

	}

	/**
	 * Where the stream continues after a reset.
	 *
	 * @param consistentPoint the new slot's consistent point
	 * @param schema the published schema as of the snapshot
	 * @param at when the reset began
	 */
	record Result(Lsn consistentPoint, PublishedSchema schema, Instant at) implements Outcome {

	}

	/**
	 * Another session reads the old slot, which cannot be dropped: stand by and try again.
	 *
	 * @param holder the process that reads it
	 */
	record SlotHeld(int holder) implements Outcome {

	}

	private final Upstream upstream;

	private final ReplicationSettings settings;

	private final ReplicationSlot slot;

	private final StateSchema stateSchema;

	private final ReplicationMetrics metrics;

	private final ZeroThreads threads;

	StateReset(Upstream upstream, ReplicationSettings settings, ReplicationSlot slot, StateSchema stateSchema,
			ReplicationMetrics metrics, ZeroThreads threads) {
		this.threads = threads;
		this.upstream = upstream;
		this.settings = settings;
		this.slot = slot;
		this.stateSchema = stateSchema;
		this.metrics = metrics;
	}

	/**
	 * @param reason why
	 * @param monitor an ordinary connection of the session that leads the shard
	 * @param replication its replication connection; idle until the copy is over
	 * @param stored what the shard's schema records
	 * @param slotInfo the current slot, if it exists
	 * @param publications the publications in use
	 * @param delivery the listeners
	 * @param syncStarted told of the copy, for its progress
	 * @return where the stream continues, or that another session reads the old slot
	 */
	Outcome run(ResetReason reason, Connection monitor, Connection replication, SyncState stored,
			Optional<ReplicationSlot.Info> slotInfo, List<String> publications, Delivery delivery,
			Consumer<InitialSync> syncStarted) throws SQLException, ListenerException {
		Instant at = Instant.now();
		long started = System.nanoTime();
		logger.info("zero: resetting replicated state of slot {} ({})", this.settings.slotName(), reason);
		SyncState.beginReset(monitor, this.stateSchema, this.settings.slotName(), reason);
		if (slotInfo.isPresent()) {
			this.slot.verify(monitor, slotInfo.get());
			if (slotInfo.get().activePid() != 0) {
				return new SlotHeld(slotInfo.get().activePid());
			}
			this.slot.drop(monitor);
		}
		if (stored.slotName() != null && !stored.slotName().equals(this.settings.slotName())) {
			dropUnused(monitor, stored.slotName());
		}
		int major = monitor.getMetaData().getDatabaseMajorVersion();
		ReplicationSlot.Created created;
		try (ConsistentPointNudge nudge = ConsistentPointNudge.start(monitor, major, this.threads)) {
			created = this.slot.create(replication, major, this.settings.failover(), this.settings.initialSync());
		}
		delivery.reset(new Reset(reason, at));
		long rows = 0;
		String schema;
		if (this.settings.initialSync()) {
			SyncPlan plan = SyncPlan.read(this.upstream, created.snapshotName(), this.stateSchema, publications);
			InitialSync sync = new InitialSync(this.upstream, this.settings.parallelism(), plan.tables(),
					InitialSync.Tuning.DEFAULT, this.threads);
			syncStarted.accept(sync);
			rows = sync.run(created.snapshotName(), created.consistentPoint(), at, delivery);
			schema = plan.schemaJson();
		}
		else {
			schema = SyncPlan.publishedSchema(monitor, this.stateSchema);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		delivery.syncComplete(new SyncComplete(rows, took, created.consistentPoint()));
		SyncState.completeReset(monitor, this.stateSchema, this.settings.slotName(), reason, at, publications,
				schema, rows);
		// every table was copied: re-syncs requested before are done
		ResyncState.clear(monitor, this.stateSchema);
		this.metrics.reset(reason);
		logger.info("zero: replicated state of slot {} reset ({}): {} rows copied in {} ms; streaming from {}",
				this.settings.slotName(), reason, rows, took.toMillis(), created.consistentPoint());
		return new Result(created.consistentPoint(), PublishedSchemas.parse(schema), at);
	}

	/** Drops a slot an earlier configuration of this shard used, unless something reads it. */
	private void dropUnused(Connection monitor, String name) throws SQLException {
		ReplicationSlot old = new ReplicationSlot(name);
		Optional<ReplicationSlot.Info> info = old.inspect(monitor);
		if (info.isPresent() && info.get().activePid() == 0) {
			old.drop(monitor);
			logger.info("zero: dropped replication slot {}, which this shard no longer uses", name);
		}
	}

}
