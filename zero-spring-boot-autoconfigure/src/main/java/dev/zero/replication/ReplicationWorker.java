package dev.zero.replication;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.PublishedSchema;
import dev.zero.change.ResetReason;
import dev.zero.change.SchemaChange;
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.pgoutput.BeginMessage;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.pgoutput.PgOutputDecoder;
import dev.zero.pgoutput.PgOutputException;
import dev.zero.pgoutput.PgOutputMessage;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.pgoutput.TypeMessage;
import dev.zero.shard.ShardId;
import dev.zero.sql.Identifiers;
import dev.zero.state.ShardConfig;
import dev.zero.state.SyncState;
import dev.zero.state.StateSchema;
import dev.zero.upstream.Upstream;

/**
 * The background worker that reads the shard's slot and delivers every committed transaction
 * to the listeners, one change at a time, acknowledging a transaction only after every
 * listener has returned from its commit callback. When replicated state must start over
 * (first start, invalidated or missing slot, schema or publication change, a request), it
 * creates the slot afresh and copies the published tables from the slot's snapshot before
 * streaming. It reconnects after lost connections, waits while another instance leads,
 * retries a failed listener with backoff, and lets an idle slot's position follow the server
 * so that it retains no WAL. It never holds more than the message in hand.
 */
public final class ReplicationWorker {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationWorker.class);

	private static final Duration STANDBY_RETRY = Duration.ofSeconds(2);

	/**
	 * How often, at most, a busy stream tells the server what was delivered: after a crash,
	 * about this much is delivered again.
	 */
	private static final long PROMPT_ACKNOWLEDGEMENT_NANOS = Duration.ofMillis(100).toNanos();

	private final Upstream upstream;

	private final ShardId shard;

	private final ReplicationSettings settings;

	private final Supplier<List<ChangeListener>> listeners;

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

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wakeUp = this.lock.newCondition();

	private volatile ReplicationStatus status;

	private volatile boolean stopRequested;

	private volatile ResetReason requestedReset;

	private volatile InitialSync currentSync;

	private List<String> publications = List.of();

	private Thread thread;

	/** The last position acknowledged (or about to be), owned by the worker thread. */
	private Lsn flushed = Lsn.INVALID;

	/** The position last sent to the server, and when; owned by the worker thread. */
	private Lsn reported = Lsn.INVALID;

	private long reportedAt;

	/** The slot's lag and retained WAL as the watch last measured them, or {@code null}. */
	private volatile SlotWatch.Measurement measurement;

	/** Whether the current session delivered a transaction, owned by the worker thread. */
	private boolean progressed;

	/** When the current session started streaming, or 0; owned by the worker thread. */
	private long streamingSince;

	public ReplicationWorker(Upstream upstream, ShardId shard, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, ReplicationMetrics metrics) {
		this.upstream = upstream;
		this.shard = shard;
		this.settings = settings;
		this.listeners = listeners;
		this.metrics = Objects.requireNonNull(metrics);
		this.slot = new ReplicationSlot(settings.slotName());
		this.stateSchema = new StateSchema(shard);
		this.stateReset = new StateReset(upstream, settings, this.slot, this.stateSchema, metrics);
		this.status = ReplicationStatus.initial(ReplicationState.STOPPED, settings.slotName());
	}

	/** The listener's status, with the copy's progress while it syncs. */
	public ReplicationStatus status() {
		ReplicationStatus current = this.status;
		SlotWatch.Measurement measured = this.measurement;
		if (measured != null) {
			current = current.measured(measured.lagBytes(), measured.retainedWalBytes());
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
		this.lock.lock();
		try {
			if (this.thread != null) {
				return;
			}
			if (this.listeners.get().isEmpty()) {
				this.status = ReplicationStatus.initial(ReplicationState.DISABLED, this.settings.slotName())
					.with(ReplicationState.DISABLED, "no ChangeListener beans: nothing to deliver to", 0, 0);
				return;
			}
			this.publications = List.copyOf(publications);
			this.stopRequested = false;
			this.status = ReplicationStatus.initial(ReplicationState.STARTING, this.settings.slotName());
			this.thread = new Thread(this::run, "zero-replication-" + this.settings.slotName());
			this.thread.setDaemon(true);
			this.thread.start();
		}
		finally {
			this.lock.unlock();
		}
	}

	public boolean isRunning() {
		this.lock.lock();
		try {
			return this.thread != null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Asks for replicated state to start over: the session in hand ends after the transaction
	 * in hand, and the next one resets with {@code reason}.
	 */
	public void requestReset(ResetReason reason) {
		this.requestedReset = reason;
		this.wake.interrupt();
		signal();
	}

	/**
	 * Stops the worker: the transaction in hand is finished and acknowledged when that takes
	 * less than the configured stop timeout, then the stream is closed.
	 */
	public void stop() {
		Thread running;
		this.lock.lock();
		try {
			running = this.thread;
			this.stopRequested = true;
			this.wake.interrupt();
			this.wakeUp.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (running != null) {
			try {
				running.join(this.settings.stopTimeout().plusSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.lock.lock();
		try {
			this.thread = null;
		}
		finally {
			this.lock.unlock();
		}
		this.status = this.status.with(ReplicationState.STOPPED, null, 0, 0);
	}

	private void run() {
		int failures = 0;
		while (!this.stopRequested) {
			this.progressed = false;
			this.streamingSince = 0;
			try {
				stream();
				return;
			}
			catch (SessionEnd ex) {
				if (ex.reason != null) {
					this.requestedReset = ex.reason;
				}
			}
			catch (SchemaChangedException ex) {
				if (this.settings.autoReset()) {
					logger.info("zero: {}; resetting replicated state", ex.getMessage());
					this.requestedReset = ResetReason.SCHEMA_CHANGED;
					continue;
				}
				logger.error("zero: {}; a reset is required (zero.auto-reset is off): POST /actuator/zero/reset",
						ex.getMessage());
				this.status = this.status.with(ReplicationState.RESET_REQUIRED, "reset required: " + ex.getMessage(),
						0, 0);
				awaitResetOrStop();
			}
			catch (SlotHeldException ex) {
				logger.debug("zero: slot {} is held by pid {}; standing by", this.settings.slotName(), ex.pid());
				this.status = this.status.with(ReplicationState.STANDBY, "slot held by pid " + ex.pid(), failures,
						ex.pid());
				await(STANDBY_RETRY);
			}
			catch (ListenerException ex) {
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.listenerBackoff.delay(failures);
				logger.error("zero: {}; transaction not acknowledged, delivering it again in {} ms (attempt {})",
						ex.getMessage(), delay.toMillis(), failures, ex.getCause());
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				this.metrics.reconnect();
				await(delay);
			}
			catch (SQLException ex) {
				if (this.wake.consumeInterrupted()) {
					// the streaming connection was closed on purpose, to act on a stop or reset now
					continue;
				}
				String message = this.upstream.explain(ex);
				StreamFailure failure = this.stopRequested ? new StreamFailure(StreamFailure.Kind.CONNECTION_LOST, 0)
						: StreamFailure.classify(ex.getSQLState(), slotAfterFailure());
				if (failure.kind() == StreamFailure.Kind.SLOT_HELD) {
					this.status = this.status.with(ReplicationState.STANDBY, "slot held by pid " + failure.holder(),
							failures, failure.holder());
					await(STANDBY_RETRY);
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
				if (!this.stopRequested) {
					logger.warn("zero: replication from slot {} interrupted ({}); reconnecting in {} ms (attempt {})",
							this.settings.slotName(), message, delay.toMillis(), failures);
				}
				this.status = this.status.with(ReplicationState.RECONNECTING, message, failures, 0);
				this.metrics.reconnect();
				await(delay);
			}
			catch (PgOutputException ex) {
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.reconnectBackoff.delay(failures);
				logger.error("zero: cannot decode the replication stream of slot {}; restarting in {} ms",
						this.settings.slotName(), delay.toMillis(), ex);
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				await(delay);
			}
			finally {
				this.currentSync = null;
			}
		}
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
	private void stream() throws SQLException, ListenerException, SchemaChangedException, SlotHeldException,
			SessionEnd {
		try (Connection monitor = this.upstream.connect();
				Connection replication = this.upstream.connectForStreaming()) {
			Leadership.acquire(monitor, this.settings.slotName());
			SyncState stored = SyncState.read(monitor, this.stateSchema);
			Optional<ReplicationSlot.Info> info = this.slot.inspect(monitor);
			ListenerDispatcher dispatcher = new ListenerDispatcher(this.listeners.get(), this.metrics);
			ResetReason requested = this.requestedReset;
			ResetReason reason = ResetDecision.decide(stored, info, this.settings.slotName(), this.publications,
					requested);
			PublishedSchema expected;
			List<String> streamed = this.publications;
			Lsn switchAt = null;
			if (reason != null) {
				this.status = this.status.syncing(reason, Instant.now(), List.of());
				StateReset.Result reset = this.stateReset.run(reason, monitor, replication, stored, info,
						this.publications, dispatcher, (sync) -> this.currentSync = sync);
				this.currentSync = null;
				this.flushed = reset.consistentPoint();
				expected = reset.schema();
				this.status = this.status.with(ReplicationState.STARTING, null, 0, 0).lastReset(reason, reset.at());
				if (this.requestedReset == requested) {
					this.requestedReset = null;
				}
			}
			else {
				this.slot.verify(monitor, info.get());
				expected = PublishedSchemas.parse(stored.publishedSchema());
				Lsn from = (this.flushed.compareTo(info.get().confirmedFlush()) > 0) ? this.flushed
						: info.get().confirmedFlush();
				if (!stored.legacyPublications().isEmpty()
						&& (stored.publicationsSwitch() == null || from.compareTo(stored.publicationsSwitch()) < 0)) {
					// moving from an earlier version's names: the slot cannot decode the new
					// publication from before it existed
					streamed = stored.legacyPublications();
					switchAt = stored.publicationsSwitch();
				}
				if (stored.lastResetReason() != null) {
					this.status = this.status.lastReset(ResetReason.fromId(stored.lastResetReason()),
							stored.lastResetAt());
				}
			}
			PGReplicationStream stream = replication.unwrap(PGConnection.class)
				.getReplicationAPI()
				.replicationStream()
				.logical()
				.withSlotName(this.settings.slotName())
				.withStartPosition(LogSequenceNumber.valueOf(this.flushed.value()))
				.withSlotOption("proto_version", "1")
				.withSlotOption("publication_names",
						streamed.stream().map(Identifiers::quote).collect(Collectors.joining(",")))
				.withSlotOption("messages", "true")
				.withStatusInterval((int) this.settings.statusInterval().toMillis(), TimeUnit.MILLISECONDS)
				.withAutomaticFlush(false)
				.start();
			Object monitorLock = new Object();
			SlotWatch watch = new SlotWatch(this.settings.slotName(), this.shard.wakeMessagePrefix(), monitor,
					monitorLock, this.wake, (measurement) -> this.measurement = measurement);
			long interval = this.settings.statusInterval().toMillis();
			ScheduledFuture<?> watching = this.watches.scheduleWithFixedDelay(watch, 0, interval, TimeUnit.MILLISECONDS);
			try {
				this.status = this.status.with(ReplicationState.STREAMING, null, 0, 0);
				this.streamingSince = System.nanoTime();
				try {
					read(stream, replication, monitor, monitorLock, dispatcher, expected, switchAt);
				}
				catch (SessionEnd end) {
					report(stream);
					throw end;
				}
				report(stream);
			}
			finally {
				watching.cancel(false);
				this.wake.ended();
				if (!replication.isClosed()) {
					stream.close();
				}
			}
		}
	}

	/**
	 * Delivers the stream until stopped. Between transactions the thread blocks in the socket
	 * read: it wakes for data, for a wake-up message from the {@link SlotWatch}, and (through
	 * {@link StreamWake}) for a stop or reset request.
	 * @param switchAt where a session that reads an earlier version's publications ends, so
	 * that the next reads the current ones; {@code null} for none
	 */
	private void read(PGReplicationStream stream, Connection replication, Connection monitor, Object monitorLock,
			ListenerDispatcher dispatcher, PublishedSchema initialSchema, Lsn switchAt)
			throws SQLException, ListenerException, SchemaChangedException, SessionEnd {
		PgOutputDecoder decoder = new PgOutputDecoder();
		MessageTranslator translator = new MessageTranslator(this.shard.ddlMessagePrefix(),
				this.shard.legacy().ddlMessagePrefix());
		SchemaTracking sink = new SchemaTracking(dispatcher, initialSchema);
		String wakePrefix = this.shard.wakeMessagePrefix();
		long stopDeadline = Long.MAX_VALUE;
		boolean skipping = false;
		while (true) {
			boolean idle = !translator.inTransaction();
			if (idle) {
				if (this.requestedReset != null) {
					throw new SessionEnd(null);
				}
				if (this.stopRequested) {
					return;
				}
				// with nothing in hand, everything the server sent was handled: follow its
				// position so that a slot whose tables are quiet retains no WAL, and say so now
				followServer(stream);
				if (this.flushed.compareTo(this.reported) > 0) {
					report(stream);
				}
				if (switchAt != null && this.flushed.compareTo(switchAt) >= 0) {
					throw new SessionEnd(null);
				}
				this.wake.blockingIdle(replication);
				if (this.stopRequested || this.requestedReset != null) {
					// asked between the checks above and the block: the interruption may have missed it
					this.wake.returned();
					continue;
				}
			}
			else {
				if (this.stopRequested) {
					if (stopDeadline == Long.MAX_VALUE) {
						stopDeadline = System.nanoTime() + this.settings.stopTimeout().toNanos();
					}
					else if (System.nanoTime() > stopDeadline) {
						logger.warn("zero: stopping without finishing the transaction in hand; it will be "
								+ "delivered again after the restart");
						return;
					}
				}
				this.wake.blockingBusy(replication);
			}
			ByteBuffer buffer;
			try {
				buffer = stream.read();
			}
			finally {
				this.wake.returned();
			}
			if (buffer == null) {
				throw new SQLException("the server ended the replication stream", "08006");
			}
			Lsn lsn = Lsn.of(stream.getLastReceiveLSN().asLong());
			PgOutputMessage message = decoder.decode(buffer);
			if (message instanceof LogicalDecodingMessage logical && !logical.transactional()
					&& (Long.compareUnsigned(logical.lsn(), this.flushed.value()) <= 0
							|| wakePrefix.equals(logical.prefix()))) {
				// already delivered, or the watch's wake-up: the loop follows the server next
				continue;
			}
			if (message instanceof BeginMessage begin) {
				// A transaction the server sends again although it was acknowledged (the
				// acknowledgement had not reached the server yet) is not delivered twice.
				skipping = Long.compareUnsigned(begin.finalLsn(), this.flushed.value()) < 0;
			}
			if (message instanceof RelationMessage relation) {
				String difference = PublishedSchemas.difference(sink.schema, relation);
				if (difference != null) {
					PublishedSchema adopted;
					synchronized (monitorLock) {
						adopted = adoptNewlyPublished(monitor, sink.schema, relation);
					}
					if (adopted == null) {
						throw new SchemaChangedException(difference);
					}
					sink.schema = adopted;
					sink.schemaChanged = true;
				}
			}
			if (skipping && !(message instanceof RelationMessage) && !(message instanceof TypeMessage)) {
				if (message instanceof CommitMessage) {
					skipping = false;
				}
				continue;
			}
			try {
				translator.translate(message, lsn, sink);
			}
			catch (UncheckedSchemaChange ex) {
				throw (SchemaChangedException) ex.getCause();
			}
			if (message instanceof CommitMessage commit) {
				acknowledge(stream, Lsn.of(commit.endLsn()), Lsn.of(commit.commitLsn()));
				if (sink.schemaChanged) {
					synchronized (monitorLock) {
						SyncState.updatePublishedSchema(monitor, this.stateSchema,
								PublishedSchemas.toJson(sink.schema));
					}
					sink.schemaChanged = false;
				}
				if (System.nanoTime() - this.reportedAt >= PROMPT_ACKNOWLEDGEMENT_NANOS) {
					// busy: coalesced, at most one status update per interval
					report(stream);
				}
			}
		}
	}

	/**
	 * Sends the acknowledged position to the server. A status update asks the server for a
	 * reply; that reply is read inside the blocking read and never wakes the loop, so this
	 * cannot turn into a ping-pong.
	 */
	private void report(PGReplicationStream stream) throws SQLException {
		if (this.flushed.isValid()) {
			stream.setFlushedLSN(LogSequenceNumber.valueOf(this.flushed.value()));
			stream.setAppliedLSN(LogSequenceNumber.valueOf(this.flushed.value()));
			stream.forceUpdateStatus();
			this.reported = this.flushed;
			this.reportedAt = System.nanoTime();
		}
	}

	/**
	 * A table that a provisioning round published after the stream started (table by table,
	 * without event triggers) joins the published schema without a reset when the round found
	 * it empty (it records a reset otherwise) and it is published as the stream describes it.
	 * @return the published schema with the table, or {@code null} when replicated state must
	 * start over
	 */
	private PublishedSchema adoptNewlyPublished(Connection monitor, PublishedSchema schema, RelationMessage relation)
			throws SQLException {
		TableName name = PublishedSchemas.tableOf(relation);
		if (schema.table(name).isPresent()) {
			return null;
		}
		Optional<ShardConfig> config = ShardConfig.read(monitor, this.stateSchema);
		if (config.isEmpty() || !"tables".equals(config.get().publicationMode())
				|| SyncState.read(monitor, this.stateSchema).resetPending() != null) {
			return null;
		}
		Optional<TableSchema> table = PublishedSchemas.parse(SyncPlan.publishedSchema(monitor, this.stateSchema))
			.table(name);
		if (table.isEmpty()) {
			return null;
		}
		List<TableSchema> tables = new ArrayList<>(schema.tables());
		tables.add(table.get());
		PublishedSchema adopted = new PublishedSchema(tables);
		return (PublishedSchemas.difference(adopted, relation) == null) ? adopted : null;
	}

	/**
	 * Every listener returned from the commit: the transaction may be acknowledged.
	 */
	private void acknowledge(PGReplicationStream stream, Lsn end, Lsn commitLsn) {
		this.flushed = end;
		this.progressed = true;
		LogSequenceNumber position = LogSequenceNumber.valueOf(end.value());
		stream.setFlushedLSN(position);
		stream.setAppliedLSN(position);
		this.status = this.status.delivered(commitLsn, end, Instant.now());
	}

	/**
	 * With nothing in hand, everything the server has sent has been handled: acknowledge the
	 * server's position (from its keepalives) so that a slot whose tables are quiet retains no
	 * WAL.
	 */
	private void followServer(PGReplicationStream stream) {
		long server = stream.getLastReceiveLSN().asLong();
		if (Long.compareUnsigned(server, this.flushed.value()) > 0) {
			this.flushed = Lsn.of(server);
			stream.setFlushedLSN(LogSequenceNumber.valueOf(server));
			stream.setAppliedLSN(LogSequenceNumber.valueOf(server));
			this.status = this.status.flushed(this.flushed);
		}
	}

	private void await(Duration duration) {
		this.lock.lock();
		try {
			long remaining = duration.toNanos();
			while (!this.stopRequested && remaining > 0) {
				remaining = this.wakeUp.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopRequested = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitResetOrStop() {
		this.lock.lock();
		try {
			while (!this.stopRequested && this.requestedReset == null) {
				this.wakeUp.await();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopRequested = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signal() {
		this.lock.lock();
		try {
			this.wakeUp.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The slot as the catalog shows it after a failure, or {@code null} when the catalog cannot
	 * be read (the upstream is unreachable).
	 */
	private Optional<ReplicationSlot.Info> slotAfterFailure() {
		try (Connection connection = this.upstream.connect()) {
			return this.slot.inspect(connection);
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/**
	 * Passes events on to the listeners and follows the published schema through the DDL
	 * messages in the stream.
	 */
	private static final class SchemaTracking implements TransactionSink<ListenerException> {

		private final ListenerDispatcher dispatcher;

		private PublishedSchema schema;

		private boolean schemaChanged;

		SchemaTracking(ListenerDispatcher dispatcher, PublishedSchema schema) {
			this.dispatcher = dispatcher;
			this.schema = schema;
		}

		@Override
		public void begin(Begin begin) throws ListenerException {
			this.dispatcher.begin(begin);
		}

		@Override
		public void change(Change change) throws ListenerException {
			this.dispatcher.change(change);
		}

		@Override
		public void message(LogicalMessage message) throws ListenerException {
			this.dispatcher.message(message);
		}

		@Override
		public void schemaChange(SchemaChange change) throws ListenerException {
			if (!"CREATE TABLE".equals(change.commandTag())) {
				// A table that existed before and is published now has rows nobody copied.
				for (TableSchema table : change.after().tables()) {
					if (change.before().table(table.table()).isEmpty()) {
						throw new UncheckedSchemaChange(new SchemaChangedException("table " + table.table()
								+ " is newly published by " + change.commandTag() + " with rows that were never copied"));
					}
				}
			}
			// the message describes the whole published schema after the statement
			this.schema = change.after();
			this.schemaChanged = true;
			this.dispatcher.schemaChange(change);
		}

		@Override
		public void commit(Commit commit) throws ListenerException {
			this.dispatcher.commit(commit);
		}

	}

	/** The stream's relations no longer match the published schema. */
	static final class SchemaChangedException extends Exception {

		private static final long serialVersionUID = 1L;

		SchemaChangedException(String difference) {
			super(difference, null, false, false);
		}

	}

	/** Carries a schema change that needs a reset out of the listener callbacks. */
	private static final class UncheckedSchemaChange extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UncheckedSchemaChange(SchemaChangedException cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	/** The session ends between transactions so that the next one can reset. */
	private static final class SessionEnd extends Exception {

		private static final long serialVersionUID = 1L;

		private final transient ResetReason reason;

		SessionEnd(ResetReason reason) {
			super(null, null, false, false);
			this.reason = reason;
		}

	}

}
