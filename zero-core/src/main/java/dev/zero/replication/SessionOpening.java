package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;
import dev.zero.change.PublishedSchema;
import dev.zero.change.ResetReason;
import dev.zero.change.TransactionalTarget;
import dev.zero.change.UpstreamTimeline;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.shard.ShardId;
import dev.zero.shard.ShardMessages;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;
import dev.zero.state.SyncState;
import dev.zero.upstream.Upstream;

/**
 * Opens a replication session on the two connections the worker made: leads the shard
 * ({@link Leadership}), learns the upstream's timeline, reads the shard's state and the slot,
 * opens the transactional targets, asks {@link ResetDecision} whether replicated state starts
 * over (and starts it over with {@link StateReset}), reads an earlier version's publications
 * up to their switch point, and starts the stream with its {@link SlotWatch} and
 * {@link StreamLiveness}. It comes to a session ready to stream, or to another session's lead
 * to wait out; it never streams, nor decides what a session's end means. Runs on the worker
 * thread.
 */
final class SessionOpening {

	private static final Logger logger = LoggerFactory.getLogger(SessionOpening.class);

	/** What opening a session came to. */
	sealed interface Outcome permits Standby, Opened {

	}

	/**
	 * Another session leads the shard or reads the slot: stand by, then try again.
	 *
	 * @param holder its process, or 0 when it is gone already
	 */
	record Standby(int holder) implements Outcome {

	}

	/** What the opening asks the worker, and tells it. */
	interface Control {

		/** A reset asked for (manually, after a schema change or an invalidated slot), or {@code null}. */
		@Nullable ResetReason requestedReset();

		/** Replicated state was started over while {@code requested} was the reset asked for. */
		void reset(@Nullable ResetReason requested);

		/** The worker's status changes. */
		void status(UnaryOperator<ReplicationStatus> change);

		/** An initial sync copies the published tables; {@code null} once it is over. */
		void syncing(@Nullable InitialSync sync);

		/** The watch measured the slot. */
		void measured(SlotWatch.Measurement measurement);

		/**
		 * The session is to end to release every connection ({@link IdleRelease}); told before
		 * the stream closes.
		 */
		void releasing();

	}

	private final Upstream upstream;

	private final ShardId shard;

	private final ReplicationSettings settings;

	private final Supplier<List<ChangeListener>> listeners;

	private final Supplier<List<TransactionalTarget>> targets;

	/** Warns of old rows the listeners could not bind, once per gap across sessions. */
	private final OldRowWarnings oldRowWarnings = new OldRowWarnings();

	private final DeliverySettings delivery;

	private final ReplicationMetrics metrics;

	/** What happens when a listener fails on a change; it outlives the session. */
	private final ListenerErrors listenerErrors;

	private final ReplicationSlot slot;

	private final StateSchema stateSchema;

	private final StateReset stateReset;

	private final Acknowledgement acknowledgement;

	private final DeliveredCommits deliveredCommits;

	private final StreamWake wake;

	private final ZeroThreads threads;

	private final Control control;

	private final StreamSession.Control streamControl;

	private final TargetPositions positions;

	/**
	 * @param acknowledgement the worker's acknowledged position
	 * @param deliveredCommits the transactions the worker delivered lately
	 * @param wake what wakes the worker's read
	 * @param threads where the sessions' watches run, and the initial sync's threads
	 * @param control what the opening asks the worker, and tells it
	 * @param streamControl what the sessions ask the worker, and tell it
	 * @param listenerErrors what happens when a listener fails on a change
	 * @param positions where what each target committed is recorded
	 */
	SessionOpening(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, Supplier<List<TransactionalTarget>> targets,
			DeliverySettings delivery, ReplicationMetrics metrics, Acknowledgement acknowledgement,
			DeliveredCommits deliveredCommits, StreamWake wake, ZeroThreads threads, Control control,
			StreamSession.Control streamControl, ListenerErrors listenerErrors, TargetPositions positions) {
		this.upstream = upstream;
		this.listenerErrors = listenerErrors;
		this.shard = shard;
		this.settings = settings;
		this.listeners = listeners;
		this.targets = targets;
		this.delivery = delivery;
		this.metrics = metrics;
		this.slot = new ReplicationSlot(settings.slotName());
		this.stateSchema = new StateSchema(shard);
		this.stateReset = new StateReset(upstream.named("sync"), settings, this.slot, this.stateSchema, metrics, threads);
		this.acknowledgement = acknowledgement;
		this.deliveredCommits = deliveredCommits;
		this.wake = wake;
		this.threads = threads;
		this.control = control;
		this.streamControl = streamControl;
		this.positions = positions;
	}

	/**
	 * Opens a session for {@code publications} on {@code monitor} (an ordinary connection, which
	 * holds the shard's lead) and {@code replication} (a replication connection). What it
	 * opened is closed again unless it returns {@link Opened}, which the caller closes.
	 */
	Outcome open(Connection monitor, Connection replication, List<String> publications)
			throws SQLException, ListenerException {
		if (!Leadership.acquire(monitor, this.settings.slotName())) {
			return new Standby(Leadership.holder(monitor, this.settings.slotName()));
		}
		UpstreamTimeline timeline = IdentifySystem.on(replication);
		ReplicationStatus.Source source = new ReplicationStatus.Source(server(replication), timeline);
		this.control.status((status) -> status.source(source));
		SyncState stored = SyncState.read(monitor, this.stateSchema);
		Optional<ReplicationSlot.Info> info = this.slot.inspect(monitor);
		Delivery dispatcher = new Delivery(
				new ListenerDispatcher(this.listeners.get(), this.metrics, this.listenerErrors, true), this.delivery,
				this.shard.replicationOrigin(), this.shard.ownWritesMessagePrefix(), this.listenerErrors, this.positions);
		Opened session = new Opened(replication, this.wake, dispatcher);
		boolean ready = false;
		try {
			boolean targetWithoutState = false;
			Map<String, PromotionCheck.Committed> committed = new LinkedHashMap<>();
			for (TransactionalTarget target : this.targets.get()) {
				Lsn position = open(target);
				session.targets.add(target);
				dispatcher.add(target, position);
				this.metrics.targetOpened(target.name());
				targetWithoutState |= !position.isValid();
				if (target.committedOn() != null) {
					committed.put(target.name(), new PromotionCheck.Committed(position, target.committedOn()));
				}
				target.streamingFrom(timeline);
			}
			boolean diverged = promotion(timeline, replication, committed);
			ResetReason requested = this.control.requestedReset();
			ResetReason reason = ResetDecision.decide(stored, info, this.settings.slotName(), publications, requested,
					timeline, targetWithoutState, diverged);
			if (reason == ResetReason.FAILOVER) {
				logger.warn("zero: the upstream was promoted to {} and has no copy of slot {}; resetting replicated "
						+ "state. PostgreSQL 17+ keeps a slot created with FAILOVER across a promotion to a standby "
						+ "that synchronizes slots (see the failover check).", timeline, this.settings.slotName());
			}
			this.acknowledgement.streamingFrom(timeline);
			PublishedSchema expected;
			List<String> streamed = publications;
			Lsn switchAt = null;
			if (reason != null) {
				this.control.status((status) -> status.syncing(reason, Instant.now(), List.of()));
				StateReset.Outcome outcome = this.stateReset.run(reason, monitor, replication, stored, info,
						publications, dispatcher, this.control::syncing);
				if (outcome instanceof StateReset.SlotHeld held) {
					return new Standby(held.holder());
				}
				StateReset.Result reset = (StateReset.Result) outcome;
				this.control.syncing(null);
				this.acknowledgement.restart(reset.consistentPoint());
				this.deliveredCommits.clear();
				expected = reset.schema();
				this.control.status((status) -> status.with(ReplicationState.STARTING, null, 0, 0)
					.lastReset(reason, reset.at()));
				this.control.reset(requested);
			}
			else {
				this.slot.verify(monitor, info.get());
				Boolean failover = info.get().failover();
				if (failover != null && failover != this.settings.failover()) {
					// 17+: kept across a promotion to a standby that synchronizes slots, or not
					this.slot.alterFailover(replication, this.settings.failover());
					logger.info("zero: slot {} is now{} synchronized to standbys for failover (zero.replication.failover={})",
							this.settings.slotName(), this.settings.failover() ? "" : " not", this.settings.failover());
				}
				expected = PublishedSchemas.parse(stored.publishedSchema());
				Lsn from = (this.acknowledgement.flushed().compareTo(info.get().confirmedFlush()) > 0)
						? this.acknowledgement.flushed() : info.get().confirmedFlush();
				if (!stored.legacyPublications().isEmpty()
						&& (stored.publicationsSwitch() == null || from.compareTo(stored.publicationsSwitch()) < 0)) {
					// moving from an earlier version's names: the slot cannot decode the new
					// publication from before it existed
					streamed = stored.legacyPublications();
					switchAt = stored.publicationsSwitch();
				}
				if (stored.lastResetReason() != null) {
					this.control.status((status) -> status.lastReset(stored.lastResetReason(), stored.lastResetAt()));
				}
			}
			SyncState.recordTimeline(monitor, this.stateSchema, timeline.systemIdentifier(), timeline.timeline());
			PGReplicationStream stream = startStream(replication, streamed);
			session.stream = stream;
			Object monitorLock = new Object();
			StreamLiveness liveness = StreamLiveness.start(this.settings.slotName(), new ShardMessages(this.shard),
					monitor, monitorLock, replication, stream, this.wake, this.settings.streamTimeout());
			SlotWatch watch = new SlotWatch(this.settings.slotName(), new ShardMessages(this.shard), monitor,
					monitorLock, this.wake, () -> Lsn.of(stream.getLastReceiveLSN().asLong()),
					this.settings.statusInterval(), this.control::measured);
			long tick = Math.min(SlotWatch.TICK.toMillis(), this.settings.statusInterval().toMillis());
			session.watching.add(this.threads.scheduleWithFixedDelay(watch, 0, tick, TimeUnit.MILLISECONDS));
			session.watching.add(this.threads.scheduleWithFixedDelay(liveness, tick, tick, TimeUnit.MILLISECONDS));
			if (this.settings.idleRelease() != null) {
				IdleRelease release = new IdleRelease(this.settings.slotName(), monitor, monitorLock, this.wake,
						this.settings.idleRelease(), this.control::releasing);
				long every = IdleRelease.tick(this.settings.idleRelease()).toMillis();
				session.watching.add(this.threads.scheduleWithFixedDelay(release, every, every, TimeUnit.MILLISECONDS));
			}
			SchemaTracking tracking = new SchemaTracking(dispatcher, expected, monitor, monitorLock, this.stateSchema);
			TableResyncs resyncs = new TableResyncs(this.upstream.named("resync"), this.stateSchema, new ShardMessages(this.shard),
					this.delivery.resyncChunk(), streamed, tracking::table);
			dispatcher.resyncs(resyncs);
			tracking.onResyncRequested(resyncs::signal);
			List<ChangeListener> listeners = OldRowGaps.allListeners(this.listeners.get(), this.targets.get());
			tracking.onRelation((relation) -> this.oldRowWarnings.relation(listeners, relation));
			session.resyncs = resyncs;
			MessageTranslator translator = new MessageTranslator(this.shard.ddlMessagePrefix(),
					this.shard.legacy().ddlMessagePrefix());
			session.session = new StreamSession(stream, replication, tracking, dispatcher, resyncs,
					this.acknowledgement, this.wake, this.settings, translator, this.shard.wakeMessagePrefix(), switchAt,
					this.streamControl);
			ready = true;
			return session;
		}
		finally {
			if (!ready) {
				session.close();
			}
		}
	}

	/**
	 * Starts streaming {@code publications} from the acknowledged position. The stream's
	 * position is set by the worker thread alone, never by the driver on its own (no automatic
	 * flush): see {@link Acknowledgement}.
	 */
	private PGReplicationStream startStream(Connection replication, List<String> publications) throws SQLException {
		return replication.unwrap(PGConnection.class)
			.getReplicationAPI()
			.replicationStream()
			.logical()
			.withSlotName(this.settings.slotName())
			.withStartPosition(LogSequenceNumber.valueOf(this.acknowledgement.flushed().value()))
			.withSlotOption("proto_version", "1")
			.withSlotOption("publication_names",
					publications.stream().map(Identifiers::quote).collect(Collectors.joining(",")))
			.withSlotOption("messages", "true")
			.withStatusInterval((int) this.settings.statusInterval().toMillis(), TimeUnit.MILLISECONDS)
			.withAutomaticFlush(false)
			.start();
	}

	/**
	 * Whether a promotion lost what was delivered or committed so that replicated state must
	 * start over (see {@link PromotionCheck}); says so in the log and health, and forgets an
	 * acknowledged position the new primary never reached when no listener outside the upstream
	 * depends on it.
	 */
	private boolean promotion(UpstreamTimeline timeline, Connection replication,
			Map<String, PromotionCheck.Committed> committed) throws SQLException {
		PromotionCheck.Outcome outcome = PromotionCheck.check(
				new TimelineDivergence.Check(timeline, (id) -> TimelineHistory.read(replication, id)),
				this.acknowledgement, this.deliveredCommits, !this.listeners.get().isEmpty(), committed);
		if (outcome.divergences().isEmpty()) {
			return false;
		}
		String described = outcome.divergences()
			.stream()
			.map(TimelineDivergence::describe)
			.collect(Collectors.joining("; "));
		logger.warn("zero: the upstream was promoted and lost what had been delivered: {}; {}", described,
				outcome.reset() ? "resetting replicated state (reason " + ResetReason.TIMELINE_DIVERGED + ")"
						: "the transactional listeners' effects were lost with it, and they go on from what the new "
								+ "primary recorded");
		this.control.status((status) -> status.diverged(described));
		if (outcome.forgetDelivered()) {
			this.acknowledgement.forget();
			this.deliveredCommits.clear();
		}
		return outcome.reset();
	}

	/** The host and port a connection reached, of those a multi-host URL names. */
	private static String server(Connection connection) throws SQLException {
		return connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec().toString();
	}

	private static Lsn open(TransactionalTarget target) throws ListenerException {
		try {
			return target.open();
		}
		catch (Exception ex) {
			throw new ListenerException(target, "open", ex);
		}
	}

	/**
	 * A session ready to stream, and what it opened. Closing it stops its watch, ends its
	 * stream (unless the connection was closed already), rolls back the targets' open batch and
	 * closes the re-reads and the targets; the connections stay the caller's.
	 */
	static final class Opened implements Outcome {

		private final Connection replication;

		private final StreamWake wake;

		private final Delivery dispatcher;

		private final List<TransactionalTarget> targets = new ArrayList<>();

		private final List<ScheduledFuture<?>> watching = new ArrayList<>();

		private @Nullable PGReplicationStream stream;

		private @Nullable TableResyncs resyncs;

		private @Nullable StreamSession session;

		private Opened(Connection replication, StreamWake wake, Delivery dispatcher) {
			this.replication = replication;
			this.wake = wake;
			this.dispatcher = dispatcher;
		}

		/** The tables re-read while streaming. */
		TableResyncs resyncs() {
			return Objects.requireNonNull(this.resyncs);
		}

		/** Streams until the session ends (see {@link StreamSession#run()}). */
		StreamSession.End run() throws SQLException, ListenerException {
			return Objects.requireNonNull(this.session).run();
		}

		void close() throws SQLException {
			try {
				if (this.stream != null) {
					this.watching.forEach((future) -> future.cancel(false));
					this.wake.ended();
					if (!this.replication.isClosed()) {
						this.stream.close();
					}
				}
			}
			finally {
				this.dispatcher.abort();
				if (this.resyncs != null) {
					this.resyncs.close();
				}
				this.targets.forEach(TransactionalTarget::close);
			}
		}

	}

}
