package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import dev.zero.change.UpstreamTimeline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.lifecycle.BackgroundThread;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.PgOutputException;
import dev.zero.shard.ShardId;
import dev.zero.sql.Identifiers;
import dev.zero.state.ResyncState;
import dev.zero.state.SyncState;
import dev.zero.state.StateSchema;
import dev.zero.upstream.Upstream;

/**
 * The background worker of one shard's slot: its thread and its lifecycle, and the loop that
 * decides what each session's end means. A session leads the shard ({@link Leadership}),
 * starts replicated state over when {@link ResetDecision} says so ({@link StateReset}),
 * streams ({@link StreamSession}) with a {@link SlotWatch} beside it, and ends with a value or
 * a failure: failures are sorted by {@link StreamFailure} and retried with backoff, another
 * instance's lead is waited out in standby. It never holds more than the message in hand.
 */
public final class ReplicationWorker {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationWorker.class);

	private static final Duration STANDBY_RETRY = Duration.ofSeconds(2);

	private final Upstream upstream;

	private final ShardId shard;

	private final ReplicationSettings settings;

	private final Supplier<List<ChangeListener>> listeners;

	private final Supplier<List<TransactionalTarget>> targets;

	private final DeliverySettings delivery;

	private final ReplicationMetrics metrics;

	private final ReplicationSlot slot;

	private final StateSchema stateSchema;

	private final StateReset stateReset;

	private final Backoff reconnectBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

	private final Backoff listenerBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0);

	/** Runs every worker's {@link SlotWatch}: one daemon thread, mostly asleep. */
	private static final ScheduledExecutorService watches = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "zero-slot-watch");
		thread.setDaemon(true);
		return thread;
	});

	private final StreamWake wake = new StreamWake();

	private final BackgroundThread background;


	private volatile ReplicationStatus status;

	private volatile @Nullable ResetReason requestedReset;

	private volatile @Nullable InitialSync currentSync;

	/** The tables re-read while streaming, in the current session. */
	private volatile @Nullable TableResyncs resyncs;

	private List<String> publications = List.of();

	/** The acknowledged position, owned by the worker thread. */
	private final Acknowledgement acknowledgement = new Acknowledgement();

	/** The transactions delivered lately, owned by the worker thread. */
	private final DeliveredCommits deliveredCommits = new DeliveredCommits();

	/** What sessions ask and tell the worker. */
	private final StreamSession.Control control = new StreamSession.Control() {

		@Override
		public boolean stopRequested() {
			return ReplicationWorker.this.background.stopping();
		}

		@Override
		public @Nullable ResetReason requestedReset() {
			return ReplicationWorker.this.requestedReset;
		}

		@Override
		public void followed(Lsn flushed) {
			ReplicationWorker.this.status = ReplicationWorker.this.status.flushed(flushed);
		}

		@Override
		public void handled(CommitMessage commit) {
			ReplicationWorker.this.deliveredCommits.record(Lsn.of(commit.endLsn()), commit.commitTime());
		}

		@Override
		public void delivered(CommitMessage commit) {
			ReplicationWorker.this.progressed = true;
			ReplicationWorker.this.status = ReplicationWorker.this.status.delivered(Lsn.of(commit.commitLsn()),
					Lsn.of(commit.endLsn()), Instant.now());
		}

	};

	/** The slot's lag and retained WAL as the watch last measured them, or {@code null}. */
	private volatile SlotWatch.@Nullable Measurement measurement;

	/** Whether the current session delivered a transaction, owned by the worker thread. */
	private boolean progressed;

	/** When the current session started streaming, or 0; owned by the worker thread. */
	private long streamingSince;

	public ReplicationWorker(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, ReplicationMetrics metrics) {
		this(upstream, shard, settings, listeners, List::of, DeliverySettings.DEFAULTS, metrics);
	}

	/**
	 * @param upstream the upstream database
	 * @param shard the shard
	 * @param settings the slot and the stream
	 * @param listeners the listeners outside any target transaction, in order
	 * @param targets the transactional targets (the transactional listeners' database, Kafka)
	 * @param delivery how the targets' transactions are batched
	 * @param metrics where deliveries are counted
	 */
	public ReplicationWorker(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, Supplier<List<TransactionalTarget>> targets,
			DeliverySettings delivery, ReplicationMetrics metrics) {
		this.upstream = upstream;
		this.shard = shard;
		this.settings = settings;
		this.listeners = listeners;
		this.targets = targets;
		this.delivery = delivery;
		this.metrics = Objects.requireNonNull(metrics);
		this.slot = new ReplicationSlot(settings.slotName());
		this.stateSchema = new StateSchema(shard);
		this.stateReset = new StateReset(upstream, settings, this.slot, this.stateSchema, metrics);
		this.background = new BackgroundThread("zero-replication-" + settings.slotName());
		this.status = ReplicationStatus.initial(ReplicationState.STOPPED, settings.slotName());
	}

	/** The listener's status, with the copy's progress while it syncs. */
	public ReplicationStatus status() {
		ReplicationStatus current = this.status;
		SlotWatch.Measurement measured = this.measurement;
		if (measured != null) {
			current = current.measured(measured.lagBytes(), measured.retainedWalBytes());
		}
		TableResyncs resyncs = this.resyncs;
		if (resyncs != null) {
			current = current.resyncing(resyncs.progress());
		}
		InitialSync sync = this.currentSync;
		if (current.state() == ReplicationState.SYNCING && sync != null) {
			return current.syncing(current.lastResetReason(), current.lastResetAt(), sync.progress());
		}
		return current;
	}

	public ReplicationSettings settings() {
		return this.settings;
	}

	/** The listeners changes are delivered to, in order. */
	public List<ChangeListener> listeners() {
		return this.listeners.get();
	}

	/**
	 * Starts streaming the given publications; does nothing when already running, and does
	 * not start without listeners.
	 */
	public void start(List<String> publications) {
		if (this.background.isRunning()) {
			return;
		}
		if (this.listeners.get().isEmpty() && this.targets.get().isEmpty()) {
			this.status = ReplicationStatus.initial(ReplicationState.DISABLED, this.settings.slotName())
				.with(ReplicationState.DISABLED, "no ChangeListener beans or @ZeroListener methods: nothing to deliver to", 0, 0);
			return;
		}
		this.publications = List.copyOf(publications);
		this.status = ReplicationStatus.initial(ReplicationState.STARTING, this.settings.slotName());
		this.background.start(this::run);
	}

	public boolean isRunning() {
		return this.background.isRunning();
	}

	/**
	 * Asks for replicated state to start over: the session in hand ends after the transaction
	 * in hand, and the next one resets with {@code reason}.
	 */
	public void requestReset(ResetReason reason) {
		this.requestedReset = reason;
		this.wake.interrupt();
		this.background.signal();
	}

	/**
	 * Re-reads {@code tables} while the stream goes on, chunk by chunk in key order (see
	 * {@link TableResyncs}); a table without a key to read it in chunks makes it a full reset
	 * instead. The request is recorded in the shard's state, so that it survives a restart and
	 * whichever instance leads the shard carries it out.
	 * @param tables the tables, each published
	 * @return what is re-read, and whether a full reset was requested instead
	 * @throws SQLException when the request cannot be recorded
	 * @throws IllegalArgumentException when a table is not published
	 */
	public ResyncRequest requestResync(List<TableName> tables) throws SQLException {
		List<TableName> chunked = new ArrayList<>();
		List<TableName> withoutKey = new ArrayList<>();
		try (Connection connection = this.upstream.connect()) {
			PublishedSchema schema = PublishedSchemas.parse(SyncPlan.publishedSchema(connection, this.stateSchema));
			for (TableName table : tables) {
				TableSchema published = schema.table(table)
					.orElseThrow(() -> new IllegalArgumentException("table " + table + " is not published; published: "
							+ schema.tables().stream().map((t) -> t.table().toString()).collect(Collectors.joining(", "))));
				List<String> key = ChunkKey.of(connection, table);
				boolean keyPublished = !key.isEmpty() && key.stream()
					.allMatch((column) -> published.columns().stream().anyMatch((c) -> c.name().equals(column)));
				(keyPublished ? chunked : withoutKey).add(table);
			}
			if (!withoutKey.isEmpty()) {
				requestReset(ResetReason.MANUAL);
				return new ResyncRequest(List.of(), withoutKey, true);
			}
			for (TableName table : chunked) {
				ResyncState.request(connection, this.stateSchema, table);
			}
			signalResyncs(connection);
		}
		return new ResyncRequest(chunked, withoutKey, false);
	}

	/**
	 * Re-sync requests were recorded in the shard's state (by a provisioning round): the
	 * session reads them between transactions; an idle stream is woken for it.
	 */
	public void resyncRequested() {
		try (Connection connection = this.upstream.connect()) {
			signalResyncs(connection);
		}
		catch (SQLException ex) {
			// the next session reads them
			logger.debug("zero: could not wake the stream for a re-sync: {}", ex.getMessage());
		}
	}

	private void signalResyncs(Connection connection) throws SQLException {
		TableResyncs resyncs = this.resyncs;
		if (resyncs != null) {
			resyncs.signal();
		}
		try (PreparedStatement wake = connection.prepareStatement("SELECT pg_logical_emit_message(false, ?, ''::text)")) {
			wake.setString(1, this.shard.wakeMessagePrefix());
			wake.execute();
		}
	}

	/**
	 * What a re-sync request started.
	 *
	 * @param resyncing the tables re-read in chunks while streaming
	 * @param withoutKey the tables that have no key to read them in chunks by
	 * @param fullReset whether a full reset was requested instead, for those
	 */
	public record ResyncRequest(List<TableName> resyncing, List<TableName> withoutKey, boolean fullReset) {

	}

	/**
	 * Stops the worker: the transaction in hand is finished and acknowledged when that takes
	 * less than the configured stop timeout, then the stream is closed.
	 */
	public void stop() {
		this.background.stop(this.settings.stopTimeout().plusSeconds(5), this.wake::interrupt);
		this.status = this.status.with(ReplicationState.STOPPED, null, 0, 0);
	}

	private void run() {
		int failures = 0;
		while (!this.background.stopping()) {
			this.progressed = false;
			this.streamingSince = 0;
			try {
				StreamSession.End end = stream();
				if (end.kind() == StreamSession.End.Kind.STOPPED) {
					return;
				}
				if (end.kind() == StreamSession.End.Kind.SCHEMA_CHANGED) {
					schemaChanged(end.detail());
				}
			}
			catch (SlotHeldException ex) {
				logger.debug("zero: slot {} is held by pid {}; standing by", this.settings.slotName(), ex.pid());
				this.status = this.status.with(ReplicationState.STANDBY, "slot held by pid " + ex.pid(), failures,
						ex.pid());
				this.background.pause(STANDBY_RETRY);
			}
			catch (ListenerException ex) {
				if (ex.heldElsewhere()) {
					// a previous leader's session still holds the target's origin: retried like a
					// held slot, without growing the listeners' backoff
					logger.warn("zero: {}; trying again in {} ms", ex.getMessage(), STANDBY_RETRY.toMillis());
					this.status = this.status.with(ReplicationState.STARTING, ex.getMessage(), failures, 0);
					this.background.pause(STANDBY_RETRY);
					continue;
				}
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.listenerBackoff.delay(failures);
				logger.error("zero: {}; transaction not acknowledged, delivering it again in {} ms (attempt {})",
						ex.getMessage(), delay.toMillis(), failures, ex.getCause());
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				this.metrics.reconnect();
				this.background.pause(delay);
			}
			catch (SQLException ex) {
				if (this.wake.consumeInterrupted()) {
					// the streaming connection was closed on purpose, to act on a stop or reset now
					continue;
				}
				DeadLink dead = this.wake.consumeDeadLink();
				if (dead != null) {
					dead.endStaleBackends(this.upstream);
				}
				String message = (dead != null) ? dead.reason() : this.upstream.explain(ex);
				StreamFailure failure = this.background.stopping() ? new StreamFailure(StreamFailure.Kind.CONNECTION_LOST, 0)
						: StreamFailure.classify(ex.getSQLState(), slotAfterFailure());
				if (failure.kind() == StreamFailure.Kind.SLOT_HELD) {
					this.status = this.status.with(ReplicationState.STANDBY, "slot held by pid " + failure.holder(),
							failures, failure.holder());
					this.background.pause(STANDBY_RETRY);
					continue;
				}
				if (failure.kind() == StreamFailure.Kind.SLOT_INVALIDATED) {
					logger.warn("zero: slot {} was invalidated ({}); resetting replicated state",
							this.settings.slotName(), message);
					this.requestedReset = ResetReason.SLOT_INVALIDATED;
					continue;
				}
				if (failure.kind() == StreamFailure.Kind.PERMISSION_DENIED) {
					message = "permission denied: " + message;
				}
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.reconnectBackoff.delay(failures);
				if (!this.background.stopping()) {
					logger.warn("zero: replication from slot {} interrupted ({}); reconnecting in {} ms (attempt {})",
							this.settings.slotName(), message, delay.toMillis(), failures);
				}
				this.status = this.status.with(ReplicationState.RECONNECTING, message, failures, 0);
				this.metrics.reconnect();
				this.background.pause(delay);
			}
			catch (PgOutputException ex) {
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.reconnectBackoff.delay(failures);
				logger.error("zero: cannot decode the replication stream of slot {}; restarting in {} ms",
						this.settings.slotName(), delay.toMillis(), ex);
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				this.background.pause(delay);
			}
			finally {
				this.currentSync = null;
			}
		}
	}

	/**
	 * The stream's relations no longer match the published schema: reset at once, or (with
	 * zero.auto-reset off) wait for a manual reset.
	 */
	private void schemaChanged(String difference) {
		if (this.settings.autoReset()) {
			logger.info("zero: {}; resetting replicated state", difference);
			this.requestedReset = ResetReason.SCHEMA_CHANGED;
			return;
		}
		logger.error("zero: {}; a reset is required (zero.auto-reset is off): POST /actuator/zero/reset", difference);
		this.status = this.status.with(ReplicationState.RESET_REQUIRED, "reset required: " + difference, 0, 0);
		this.background.awaitUntil(() -> this.requestedReset != null);
	}

	/**
	 * Whether the session that just ended got anywhere: delivered a transaction, or streamed
	 * for longer than the longest backoff. Backoff starts over after such a session.
	 */
	private boolean madeProgress() {
		return this.progressed || (this.streamingSince != 0
				&& System.nanoTime() - this.streamingSince > Duration.ofSeconds(30).toNanos());
	}

	/**
	 * One replication session: lead the shard, reset if replicated state must start over,
	 * then stream until stopped. Returns normally only when asked to stop.
	 */
	private StreamSession.End stream() throws SQLException, ListenerException, SlotHeldException {
		List<TransactionalTarget> opened = new ArrayList<>();
		Delivery session = null;
		TableResyncs openResyncs = null;
		try (Connection monitor = this.upstream.connect();
				Connection replication = this.upstream.connectForStreaming()) {
			Leadership.acquire(monitor, this.settings.slotName());
			UpstreamTimeline timeline = IdentifySystem.on(replication);
			this.status = this.status.source(new ReplicationStatus.Source(server(replication), timeline));
			SyncState stored = SyncState.read(monitor, this.stateSchema);
			Optional<ReplicationSlot.Info> info = this.slot.inspect(monitor);
			Delivery dispatcher = new Delivery(new ListenerDispatcher(this.listeners.get(), this.metrics),
					this.delivery, this.shard.replicationOrigin(), this.shard.ownWritesMessagePrefix());
			session = dispatcher;
			boolean targetWithoutState = false;
			Map<String, PromotionCheck.Committed> committed = new LinkedHashMap<>();
			for (TransactionalTarget target : this.targets.get()) {
				Lsn position = open(target);
				opened.add(target);
				dispatcher.add(target, position);
				targetWithoutState |= !position.isValid();
				if (target.committedOn() != null) {
					committed.put(target.name(), new PromotionCheck.Committed(position, target.committedOn()));
				}
				target.streamingFrom(timeline);
			}
			boolean diverged = promotion(timeline, replication, committed);
			ResetReason requested = this.requestedReset;
			ResetReason reason = ResetDecision.decide(stored, info, this.settings.slotName(), this.publications,
					requested, timeline, targetWithoutState, diverged);
			if (reason == ResetReason.FAILOVER) {
				logger.warn("zero: the upstream was promoted to {} and has no copy of slot {}; resetting replicated "
						+ "state. PostgreSQL 17+ keeps a slot created with FAILOVER across a promotion to a standby "
						+ "that synchronizes slots (see the failover check).", timeline, this.settings.slotName());
			}
			this.acknowledgement.streamingFrom(timeline);
			PublishedSchema expected;
			List<String> streamed = this.publications;
			Lsn switchAt = null;
			if (reason != null) {
				this.status = this.status.syncing(reason, Instant.now(), List.of());
				StateReset.Result reset = this.stateReset.run(reason, monitor, replication, stored, info,
						this.publications, dispatcher, (sync) -> this.currentSync = sync);
				this.currentSync = null;
				this.acknowledgement.restart(reset.consistentPoint());
				this.deliveredCommits.clear();
				expected = reset.schema();
				this.status = this.status.with(ReplicationState.STARTING, null, 0, 0).lastReset(reason, reset.at());
				if (this.requestedReset == requested) {
					this.requestedReset = null;
				}
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
					this.status = this.status.lastReset(stored.lastResetReason(),
							stored.lastResetAt());
				}
			}
			SyncState.recordTimeline(monitor, this.stateSchema, timeline.systemIdentifier(), timeline.timeline());
			PGReplicationStream stream = replication.unwrap(PGConnection.class)
				.getReplicationAPI()
				.replicationStream()
				.logical()
				.withSlotName(this.settings.slotName())
				.withStartPosition(LogSequenceNumber.valueOf(this.acknowledgement.flushed().value()))
				.withSlotOption("proto_version", "1")
				.withSlotOption("publication_names",
						streamed.stream().map(Identifiers::quote).collect(Collectors.joining(",")))
				.withSlotOption("messages", "true")
				.withStatusInterval((int) this.settings.statusInterval().toMillis(), TimeUnit.MILLISECONDS)
				.withAutomaticFlush(false)
				.start();
			Object monitorLock = new Object();
			StreamLiveness liveness = StreamLiveness.start(this.settings.slotName(), this.shard.wakeMessagePrefix(),
					monitor, monitorLock, replication, stream, this.wake, this.settings.streamTimeout());
			SlotWatch watch = new SlotWatch(this.settings.slotName(), this.shard.wakeMessagePrefix(), monitor,
					monitorLock, this.wake, () -> Lsn.of(stream.getLastReceiveLSN().asLong()),
					this.settings.statusInterval(),
					(measurement) -> this.measurement = measurement);
			long tick = Math.min(SlotWatch.TICK.toMillis(), this.settings.statusInterval().toMillis());
			ScheduledFuture<?> watching = watches.scheduleWithFixedDelay(watch, 0, tick, TimeUnit.MILLISECONDS);
			ScheduledFuture<?> judging = watches.scheduleWithFixedDelay(liveness, tick, tick, TimeUnit.MILLISECONDS);
			try {
				this.status = this.status.with(ReplicationState.STREAMING, null, 0, 0);
				this.streamingSince = System.nanoTime();
				SchemaTracking tracking = new SchemaTracking(dispatcher, expected, monitor, monitorLock, this.stateSchema);
				TableResyncs resyncs = new TableResyncs(this.upstream, this.stateSchema,
						this.shard.resyncMessagePrefix(), this.delivery.resyncChunk(), streamed, tracking::table);
				dispatcher.resyncs(resyncs);
				tracking.onResyncRequested(resyncs::signal);
				this.resyncs = resyncs;
				openResyncs = resyncs;
				MessageTranslator translator = new MessageTranslator(this.shard.ddlMessagePrefix(),
						this.shard.legacy().ddlMessagePrefix());
				return new StreamSession(stream, replication, tracking, dispatcher, resyncs, this.acknowledgement, this.wake, this.settings,
						translator, this.shard.wakeMessagePrefix(), switchAt, this.control)
					.run();
			}
			finally {
				watching.cancel(false);
				judging.cancel(false);
				this.wake.ended();
				if (!replication.isClosed()) {
					stream.close();
				}
			}
		}
		finally {
			if (session != null) {
				session.abort();
			}
			if (openResyncs != null) {
				openResyncs.close();
			}
			opened.forEach(TransactionalTarget::close);
		}
	}

	/**
	 * Whether a promotion lost what was delivered or committed so that replicated state must
	 * start over (see {@link PromotionCheck}); says so in the log and health, and forgets an acknowledged position the new primary
	 * never reached when no listener outside the upstream depends on it.
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
		this.status = this.status.diverged(described);
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
	 * The slot as the catalog shows it after a failure, or {@code null} when the catalog cannot
	 * be read (the upstream is unreachable).
	 */
	private @Nullable Optional<ReplicationSlot.Info> slotAfterFailure() {
		try (Connection connection = this.upstream.connect()) {
			return this.slot.inspect(connection);
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
