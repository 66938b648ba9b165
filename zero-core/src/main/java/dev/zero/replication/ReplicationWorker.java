package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.catalog.TableModels;
import dev.zero.change.ChangeListener;
import dev.zero.change.ListenerErrorHandler;
import dev.zero.change.Lsn;
import dev.zero.change.PublishedSchema;
import dev.zero.change.ResetReason;
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.lifecycle.BackgroundThread;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.PgOutputException;
import dev.zero.shard.ShardId;
import dev.zero.shard.ShardMessages;
import dev.zero.state.ResyncState;
import dev.zero.state.StateSchema;
import dev.zero.upstream.Upstream;

/**
 * The background worker of one shard's slot: its thread and its lifecycle, and the loop that
 * decides what each session's end means. Each session is opened by {@link SessionOpening}
 * (lead the shard, start replicated state over when {@link ResetDecision} says so, start the
 * stream and its {@link SlotWatch}), streams ({@link StreamSession}) and ends with a value: a
 * stop, a reset to carry out, a changed schema, another instance's lead to wait out in
 * standby, or nothing to deliver for the idle release ({@link IdleRelease}): then it holds no
 * connection at all until {@link #wake()} or the wake interval. Failures are sorted by
 * {@link StreamFailure} and retried with backoff. It never holds more than the message in
 * hand.
 */
public final class ReplicationWorker {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationWorker.class);

	private static final Duration STANDBY_RETRY = Duration.ofSeconds(2);

	private final Upstream upstream;

	/** Where the session's lead and watch connect ({@code .../monitor}). */
	private final Upstream monitorUpstream;

	/** Where the session's stream connects ({@code .../stream}). */
	private final Upstream streamUpstream;

	/** Where requests and the catalog after a failure are read ({@code .../checks}). */
	private final Upstream checksUpstream;

	private final ShardId shard;

	private final ReplicationSettings settings;

	private final DeliverySettings deliverySettings;

	private final Supplier<List<ChangeListener>> listeners;

	private final Supplier<List<TransactionalTarget>> targets;

	private final ReplicationMetrics metrics;

	private final ReplicationSlot slot;

	private final StateSchema stateSchema;

	private final SessionOpening opening;

	private final Backoff reconnectBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

	private final Backoff listenerBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0);

	private final StreamWake wake = new StreamWake();

	private final BackgroundThread background;

	/** What happens when a listener fails on a change, across sessions. */
	private final ListenerErrors listenerErrors;

	private volatile ReplicationStatus status;

	private volatile @Nullable ResetReason requestedReset;

	private volatile @Nullable InitialSync currentSync;

	/** The tables re-read while streaming, in the current session. */
	private volatile @Nullable TableResyncs resyncs;

	private List<String> publications = List.of();

	/** The acknowledged position, owned by the worker thread. */
	private final Acknowledgement acknowledgement = new Acknowledgement();

	/** What each transactional target committed last, written by the worker thread. */
	private final TargetPositions targetPositions = new TargetPositions();

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
			ReplicationWorker.this.listenerErrors.delivered();
			ReplicationWorker.this.status = ReplicationWorker.this.status.delivered(Lsn.of(commit.commitLsn()),
					Lsn.of(commit.endLsn()), Instant.now());
		}

	};

	/** What a session's opening asks and tells the worker. */
	private final SessionOpening.Control openingControl = new SessionOpening.Control() {

		@Override
		public @Nullable ResetReason requestedReset() {
			return ReplicationWorker.this.requestedReset;
		}

		@Override
		public void reset(@Nullable ResetReason requested) {
			if (ReplicationWorker.this.requestedReset == requested) {
				ReplicationWorker.this.requestedReset = null;
			}
		}

		@Override
		public void status(UnaryOperator<ReplicationStatus> change) {
			ReplicationWorker.this.status = change.apply(ReplicationWorker.this.status);
		}

		@Override
		public void syncing(@Nullable InitialSync sync) {
			ReplicationWorker.this.currentSync = sync;
		}

		@Override
		public void measured(SlotWatch.Measurement measurement) {
			ReplicationWorker.this.measurement = measurement;
		}

		@Override
		public void releasing() {
			// a wake from now on is not lost: the worker comes straight back
			ReplicationWorker.this.wakeRequested = false;
			ReplicationWorker.this.released = true;
		}

	};

	/**
	 * Whether every connection is released, or about to be (from the decision on): what
	 * {@link #wake()} reads.
	 */
	private volatile boolean released;

	/** Whether {@link #wake()} was called since the release was decided. */
	private volatile boolean wakeRequested;

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

	public ReplicationWorker(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, Supplier<List<TransactionalTarget>> targets,
			DeliverySettings delivery, ReplicationMetrics metrics) {
		this(upstream, shard, settings, listeners, targets, delivery, metrics, ZeroThreads.defaults());
	}

	/**
	 * @param upstream the upstream database
	 * @param shard the shard
	 * @param settings the slot and the stream
	 * @param listeners the listeners outside any target transaction, in order
	 * @param targets the transactional targets (the transactional listeners' database, Kafka)
	 * @param delivery how the targets' transactions are batched
	 * @param metrics where deliveries are counted
	 * @param threads where its thread, its sessions' watches and the initial sync's threads
	 * come from
	 */
	public ReplicationWorker(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, Supplier<List<TransactionalTarget>> targets,
			DeliverySettings delivery, ReplicationMetrics metrics, ZeroThreads threads) {
		this(upstream, shard, settings, listeners, targets, delivery, metrics, threads, null);
	}

	/**
	 * @param upstream the upstream database
	 * @param shard the shard
	 * @param settings the slot and the stream
	 * @param listeners the listeners outside any target transaction, in order
	 * @param targets the transactional targets (the transactional listeners' database, Kafka)
	 * @param delivery how the targets' transactions are batched
	 * @param metrics where deliveries are counted
	 * @param threads where its thread, its sessions' watches and the initial sync's threads
	 * come from
	 * @param errorHandler what happens when a listener fails on a change, or {@code null} to
	 * deliver the transaction again at once (with the worker's backoff)
	 */
	public ReplicationWorker(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, Supplier<List<TransactionalTarget>> targets,
			DeliverySettings delivery, ReplicationMetrics metrics, ZeroThreads threads,
			@Nullable ListenerErrorHandler errorHandler) {
		this.upstream = upstream;
		this.monitorUpstream = upstream.named("monitor");
		this.streamUpstream = upstream.named("stream");
		this.checksUpstream = upstream.named("checks");
		this.shard = shard;
		this.settings = settings;
		this.deliverySettings = delivery;
		this.listeners = listeners;
		this.targets = targets;
		this.metrics = Objects.requireNonNull(metrics);
		this.slot = new ReplicationSlot(settings.slotName());
		this.stateSchema = new StateSchema(shard);
		this.background = new BackgroundThread("zero-replication-" + settings.slotName(), threads);
		this.listenerErrors = (errorHandler != null)
				? new ListenerErrors(errorHandler, this.background::pause, this.metrics) : ListenerErrors.NONE;
		this.opening = new SessionOpening(upstream, shard, settings, listeners, targets, delivery, metrics,
				this.acknowledgement, this.deliveredCommits, this.wake, threads, this.openingControl, this.control,
				this.listenerErrors, this.targetPositions);
		this.status = ReplicationStatus.initial(ReplicationState.STOPPED, settings.slotName());
	}

	/**
	 * The listener's status, with the copy's progress while it syncs and each transactional
	 * target's progress.
	 */
	public ReplicationStatus status() {
		ReplicationStatus current = this.status;
		current = current.targets(this.targetPositions.progress(current.flushedLsn()));
		SlotWatch.Measurement measured = this.measurement;
		if (measured != null) {
			current = current.measured(measured.lagBytes(), measured.retainedWalBytes());
		}
		TableResyncs resyncs = this.resyncs;
		if (resyncs != null) {
			current = current.resyncing(resyncs.progress());
		}
		FailingChange failing = this.listenerErrors.failing();
		if (failing != null) {
			current = current.failing(failing);
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

	/** How the targets' transactions are batched and re-syncs read. */
	public DeliverySettings deliverySettings() {
		return this.deliverySettings;
	}

	/** The listeners changes are delivered to, in order. */
	public List<ChangeListener> listeners() {
		return this.listeners.get();
	}

	/**
	 * Every listener: those outside any target transaction, then those of each transactional
	 * target (the transactional listeners).
	 */
	public List<ChangeListener> allListeners() {
		return OldRowGaps.allListeners(this.listeners.get(), this.targets.get());
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
	 * Whether every connection is released (or the release was decided): nothing was
	 * delivered for the idle release, and the worker waits for {@link #wake()} or its wake
	 * interval.
	 */
	public boolean isReleased() {
		return this.released;
	}

	/**
	 * Connects again at once when every connection is released (see
	 * {@link ReplicationSettings#idleRelease()}), to deliver what changed and release again
	 * after the idle release; a wake while the release is under way brings the worker straight
	 * back. Otherwise does nothing. Cheap enough for every connection the application takes:
	 * a volatile read when not released; never blocks.
	 */
	public void wake() {
		if (this.released) {
			this.wakeRequested = true;
			this.background.signal();
		}
	}

	/**
	 * Asks for replicated state to start over: the session in hand ends after the transaction
	 * in hand, and the next one resets with {@code reason}.
	 */
	public void requestReset(ResetReason reason) {
		this.requestedReset = reason;
		this.wake.interrupt();
		wake();
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
		try (Connection connection = this.checksUpstream.connect()) {
			PublishedSchema schema = PublishedSchemas.parse(SyncPlan.publishedSchema(connection, this.stateSchema));
			for (TableName table : tables) {
				TableSchema published = schema.table(table)
					.orElseThrow(() -> new IllegalArgumentException("table " + table + " is not published; published: "
							+ schema.tables().stream().map((t) -> t.table().toString()).collect(Collectors.joining(", "))));
				boolean readable = TableModels.read(connection, table)
					.filter((model) -> model.readableInChunks(PublishedSchemas.columnNames(published)))
					.isPresent();
				(readable ? chunked : withoutKey).add(table);
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
		wake();
		return new ResyncRequest(chunked, withoutKey, false);
	}

	/**
	 * Re-sync requests were recorded in the shard's state (by a provisioning round): the
	 * session reads them between transactions; an idle stream is woken for it.
	 */
	public void resyncRequested() {
		try (Connection connection = this.checksUpstream.connect()) {
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
		new ShardMessages(this.shard).wake(connection);
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
		this.released = false;
		this.status = this.status.with(ReplicationState.STOPPED, null, 0, 0);
	}

	private void run() {
		int failures = 0;
		while (!this.background.stopping()) {
			this.progressed = false;
			this.streamingSince = 0;
			try {
				StreamSession.End end = session();
				if (end.kind() != StreamSession.End.Kind.RELEASED) {
					// decided, but the session ended otherwise first (a stop, a reset)
					this.released = false;
				}
				switch (end.kind()) {
					case STOPPED -> {
						return;
					}
					case RELEASED -> released(null);
					case STANDBY -> {
						logger.debug("zero: slot {} is held by pid {}; standing by", this.settings.slotName(), end.holder());
						standBy(end.holder(), failures);
					}
					case SCHEMA_CHANGED -> schemaChanged(end.detail());
					default -> {
						// a reset to carry out, the publications to switch, a server that stops:
						// the next session
					}
				}
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
				Duration delay;
				if (ex.retryAfter() != null) {
					// the listener's error handler counts the attempts and says how long to wait
					delay = ex.retryAfter();
					logger.warn("zero: {}; transaction rolled back, delivering it again in {} ms", ex.getMessage(),
							delay.toMillis());
				}
				else {
					delay = this.listenerBackoff.delay(failures);
					logger.error("zero: {}; transaction not acknowledged, delivering it again in {} ms (attempt {})",
							ex.getMessage(), delay.toMillis(), failures, ex.getCause());
				}
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				this.metrics.reconnect();
				this.background.pause(delay);
			}
			catch (SQLException ex) {
				DeadLink dead = this.wake.consumeDeadLink();
				if (dead != null) {
					dead.endStaleBackends(this.checksUpstream);
				}
				String message = (dead != null) ? dead.reason() : this.upstream.explain(ex);
				StreamFailure failure = this.background.stopping() ? new StreamFailure(StreamFailure.Kind.CONNECTION_LOST, 0)
						: StreamFailure.classify(ex.getSQLState(), slotAfterFailure());
				if (failure.kind() == StreamFailure.Kind.SLOT_HELD) {
					standBy(failure.holder(), failures);
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
				if (this.released && this.status.state() != ReplicationState.RELEASED) {
					// decided, but the session failed before it was released: it reconnects as it would
					this.released = false;
				}
			}
		}
	}

	/**
	 * One session on two new connections: opened, then streamed until it ends, or standing by
	 * while another session leads the shard or reads the slot.
	 */
	private StreamSession.End session() throws SQLException, ListenerException {
		try (Connection monitor = this.monitorUpstream.connect();
				Connection replication = this.streamUpstream.connectForStreaming()) {
			SessionOpening.Outcome outcome = this.opening.open(monitor, replication, this.publications);
			if (outcome instanceof SessionOpening.Standby standby) {
				return StreamSession.End.standby(standby.holder());
			}
			SessionOpening.Opened session = (SessionOpening.Opened) outcome;
			try {
				this.resyncs = session.resyncs();
				this.status = this.status.with(ReplicationState.STREAMING, null, 0, 0);
				this.streamingSince = System.nanoTime();
				return session.run();
			}
			finally {
				session.close();
			}
		}
	}

	/**
	 * Another session leads the shard or reads the slot: waits a little, then tries again. With
	 * an idle release, a standby holds no connection and does not poll: after the idle release
	 * (at most the little wait) it tries again only when woken, or on the wake interval.
	 */
	private void standBy(int holder, int failures) {
		this.status = this.status.with(ReplicationState.STANDBY, "slot held by pid " + holder, failures, holder);
		if (this.settings.idleRelease() == null) {
			this.background.pause(STANDBY_RETRY);
			return;
		}
		Duration retry = (this.settings.idleRelease().compareTo(STANDBY_RETRY) < 0) ? this.settings.idleRelease()
				: STANDBY_RETRY;
		// released from here on: a wake during the little wait is kept for after it
		this.wakeRequested = false;
		this.released = true;
		long until = System.nanoTime() + retry.toNanos();
		while (!this.background.stopping() && until - System.nanoTime() > 0) {
			// not shortened by wakes: each try opens connections
			this.background.pause(Duration.ofNanos(until - System.nanoTime()));
		}
		released("standing by: slot held by pid " + holder);
	}

	/**
	 * Every connection is released (the session's were closed with it): waits for
	 * {@link #wake()} or the wake interval, then lets the next session connect again.
	 * @param detail why, for the status, or {@code null} after an idle session
	 */
	private void released(@Nullable String detail) {
		Instant since = Instant.now();
		this.status = this.status.released(since, detail);
		Duration interval = this.settings.idleWakeInterval();
		if (detail == null) {
			logger.info("zero: slot {} released every connection at {}, nothing to deliver for {} ms; connecting again {}",
					this.settings.slotName(), since, this.settings.idleRelease().toMillis(),
					(interval != null) ? "on a wake or in " + interval.toMillis() + " ms" : "on a wake");
		}
		else {
			logger.debug("zero: slot {} released every connection at {} ({})", this.settings.slotName(), since, detail);
		}
		if (!this.background.awaitUntil(interval, () -> this.wakeRequested)) {
			return;
		}
		String why = this.wakeRequested ? "request" : "schedule";
		this.released = false;
		this.wakeRequested = false;
		if (detail == null) {
			logger.info("zero: slot {} woken by {}, released since {}; connecting again", this.settings.slotName(), why,
					since);
		}
		this.status = this.status.with(ReplicationState.STARTING, null, 0, 0);
	}

	/**
	 * The stream's relations no longer match the published schema: reset at once, or (with
	 * zero.replication.auto-reset off) wait for a manual reset.
	 */
	private void schemaChanged(String difference) {
		if (this.settings.autoReset()) {
			logger.info("zero: {}; resetting replicated state", difference);
			this.requestedReset = ResetReason.SCHEMA_CHANGED;
			return;
		}
		logger.error("zero: {}; a reset is required (zero.replication.auto-reset is off): POST /actuator/zero/reset", difference);
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
	 * The slot as the catalog shows it after a failure, or {@code null} when the catalog cannot
	 * be read (the upstream is unreachable).
	 */
	private @Nullable Optional<ReplicationSlot.Info> slotAfterFailure() {
		try (Connection connection = this.checksUpstream.connect()) {
			return this.slot.inspect(connection);
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
