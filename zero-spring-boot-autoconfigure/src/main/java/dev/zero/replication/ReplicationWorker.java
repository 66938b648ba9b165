package dev.zero.replication;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;
import dev.zero.pgoutput.BeginMessage;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.pgoutput.PgOutputDecoder;
import dev.zero.pgoutput.PgOutputException;
import dev.zero.pgoutput.PgOutputMessage;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.pgoutput.TypeMessage;
import dev.zero.sql.Identifiers;
import dev.zero.upstream.Upstream;

/**
 * The background worker that reads the shard's slot and delivers every committed transaction
 * to the listeners, one change at a time, acknowledging a transaction only after every
 * listener has returned from its commit callback. It reconnects after lost connections,
 * waits while another instance holds the slot, retries a failed listener with backoff, and
 * lets an idle slot's position follow the server so that it retains no WAL. It never holds
 * more than the message in hand.
 */
public final class ReplicationWorker {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationWorker.class);

	private static final Pattern ACTIVE_PID = Pattern.compile("is active for PID (\\d+)");

	private static final String OBJECT_IN_USE = "55006";

	private static final long[] IDLE_PARK_NANOS = { 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000 };

	private static final Duration STANDBY_RETRY = Duration.ofSeconds(2);

	private final Upstream upstream;

	private final ReplicationSettings settings;

	private final Supplier<List<ChangeListener>> listeners;

	private final ReplicationMetrics metrics;

	private final ReplicationSlot slot;

	private final Backoff reconnectBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

	private final Backoff listenerBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopSignal = this.lock.newCondition();

	private volatile ReplicationStatus status;

	private volatile boolean stopRequested;

	private List<String> publications = List.of();

	private Thread thread;

	/** The last position acknowledged (or about to be), owned by the worker thread. */
	private Lsn flushed = Lsn.INVALID;

	/** Whether the current session delivered a transaction, owned by the worker thread. */
	private boolean progressed;

	/** When the current session started streaming, or 0; owned by the worker thread. */
	private long streamingSince;

	public ReplicationWorker(Upstream upstream, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, ReplicationMetrics metrics) {
		this.upstream = upstream;
		this.settings = settings;
		this.listeners = listeners;
		this.metrics = Objects.requireNonNull(metrics);
		this.slot = new ReplicationSlot(settings.slotName());
		this.status = ReplicationStatus.initial(ReplicationState.STOPPED, settings.slotName());
	}

	public ReplicationStatus status() {
		return this.status;
	}

	public ReplicationSettings settings() {
		return this.settings;
	}

	/**
	 * Starts streaming the given publications; does nothing when already running.
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
	 * Stops the worker: the transaction in hand is finished and acknowledged when that takes
	 * less than the configured stop timeout, then the stream is closed.
	 */
	public void stop() {
		Thread running;
		this.lock.lock();
		try {
			running = this.thread;
			this.stopRequested = true;
			this.stopSignal.signalAll();
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
			catch (ListenerException ex) {
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.listenerBackoff.delay(failures);
				logger.error("zero: {}; transaction not acknowledged, delivering it again in {} ms (attempt {})",
						ex.getMessage(), delay.toMillis(), failures, ex.getCause());
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				this.metrics.reconnect();
				awaitStop(delay);
			}
			catch (SQLException ex) {
				String message = this.upstream.redact(ex.getMessage());
				int holder = slotHolder(ex);
				if (holder > 0) {
					logger.debug("zero: slot {} is held by pid {}; standing by", this.settings.slotName(), holder);
					this.status = this.status.with(ReplicationState.STANDBY,
							"slot held by pid " + holder, failures, holder);
					awaitStop(STANDBY_RETRY);
					continue;
				}
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.reconnectBackoff.delay(failures);
				if (!this.stopRequested) {
					logger.warn("zero: replication from slot {} interrupted ({}); reconnecting in {} ms (attempt {})",
							this.settings.slotName(), message, delay.toMillis(), failures);
				}
				this.status = this.status.with(ReplicationState.RECONNECTING, message, failures, 0);
				this.metrics.reconnect();
				awaitStop(delay);
			}
			catch (PgOutputException ex) {
				failures = madeProgress() ? 1 : failures + 1;
				Duration delay = this.reconnectBackoff.delay(failures);
				logger.error("zero: cannot decode the replication stream of slot {}; restarting in {} ms",
						this.settings.slotName(), delay.toMillis(), ex);
				this.status = this.status.with(ReplicationState.FAILED, ex.getMessage(), failures, 0);
				awaitStop(delay);
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
	 * One replication session: connect, make sure the slot exists, stream until stopped.
	 * Returns normally only when asked to stop.
	 */
	private void stream() throws SQLException, ListenerException {
		try (Connection monitor = this.upstream.connect();
				Connection replication = this.upstream.connectForReplication()) {
			if (this.slot.ensure(monitor, replication, this.settings.failover())) {
				logger.info("zero: created replication slot {}", this.settings.slotName());
			}
			PGReplicationStream stream = replication.unwrap(PGConnection.class)
				.getReplicationAPI()
				.replicationStream()
				.logical()
				.withSlotName(this.settings.slotName())
				.withStartPosition(LogSequenceNumber.valueOf(this.flushed.value()))
				.withSlotOption("proto_version", "1")
				.withSlotOption("publication_names",
						this.publications.stream().map(Identifiers::quote).collect(Collectors.joining(",")))
				.withSlotOption("messages", "true")
				.withStatusInterval((int) this.settings.statusInterval().toMillis(), TimeUnit.MILLISECONDS)
				.withAutomaticFlush(false)
				.start();
			try {
				this.status = this.status.with(ReplicationState.STREAMING, null, 0, 0);
				this.streamingSince = System.nanoTime();
				read(stream, monitor);
				if (this.flushed.isValid()) {
					stream.setFlushedLSN(LogSequenceNumber.valueOf(this.flushed.value()));
					stream.setAppliedLSN(LogSequenceNumber.valueOf(this.flushed.value()));
					stream.forceUpdateStatus();
				}
			}
			finally {
				stream.close();
			}
		}
	}

	private void read(PGReplicationStream stream, Connection monitor) throws SQLException, ListenerException {
		PgOutputDecoder decoder = new PgOutputDecoder();
		MessageTranslator translator = new MessageTranslator();
		ListenerDispatcher dispatcher = new ListenerDispatcher(this.listeners.get(), this.metrics);
		long statusNanos = this.settings.statusInterval().toNanos();
		long nextMeasure = System.nanoTime();
		long stopDeadline = Long.MAX_VALUE;
		boolean skipping = false;
		int idle = 0;
		while (true) {
			ByteBuffer buffer = stream.readPending();
			if (buffer == null) {
				if (stream.isClosed()) {
					throw new SQLException("the server ended the replication stream", "08006");
				}
				if (this.stopRequested) {
					if (!translator.inTransaction()) {
						return;
					}
					if (stopDeadline == Long.MAX_VALUE) {
						stopDeadline = System.nanoTime() + this.settings.stopTimeout().toNanos();
					}
					else if (System.nanoTime() > stopDeadline) {
						logger.warn("zero: stopping without finishing the transaction in hand; it will be "
								+ "delivered again after the restart");
						return;
					}
				}
				if (!translator.inTransaction()) {
					followServer(stream);
				}
				if (System.nanoTime() >= nextMeasure) {
					measure(monitor);
					nextMeasure = System.nanoTime() + statusNanos;
				}
				LockSupport.parkNanos(IDLE_PARK_NANOS[Math.min(idle++, IDLE_PARK_NANOS.length - 1)]);
				continue;
			}
			idle = 0;
			Lsn lsn = Lsn.of(stream.getLastReceiveLSN().asLong());
			PgOutputMessage message = decoder.decode(buffer);
			if (message instanceof BeginMessage begin) {
				// A transaction the server sends again although it was acknowledged (the
				// acknowledgement had not reached the server yet) is not delivered twice.
				skipping = Long.compareUnsigned(begin.finalLsn(), this.flushed.value()) < 0;
			}
			if (skipping && !(message instanceof RelationMessage) && !(message instanceof TypeMessage)) {
				if (message instanceof CommitMessage) {
					skipping = false;
				}
				continue;
			}
			if (message instanceof LogicalDecodingMessage logical && !logical.transactional()
					&& Long.compareUnsigned(logical.lsn(), this.flushed.value()) <= 0) {
				continue;
			}
			translator.translate(message, lsn, dispatcher);
			if (message instanceof CommitMessage commit) {
				acknowledge(stream, Lsn.of(commit.endLsn()), Lsn.of(commit.commitLsn()));
				if (this.stopRequested) {
					return;
				}
			}
		}
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

	private void measure(Connection monitor) {
		try (PreparedStatement statement = monitor.prepareStatement("""
				SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,
				       pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint
				  FROM pg_replication_slots WHERE slot_name = ?
				""")) {
			statement.setString(1, this.settings.slotName());
			try (ResultSet row = statement.executeQuery()) {
				if (row.next()) {
					this.status = this.status.measured(Math.max(0, row.getLong(1)), Math.max(0, row.getLong(2)));
				}
			}
		}
		catch (SQLException ex) {
			logger.debug("zero: could not measure slot {}: {}", this.settings.slotName(),
					this.upstream.redact(ex.getMessage()));
		}
	}

	private void awaitStop(Duration duration) {
		this.lock.lock();
		try {
			long remaining = duration.toNanos();
			while (!this.stopRequested && remaining > 0) {
				remaining = this.stopSignal.awaitNanos(remaining);
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

	private static int slotHolder(SQLException ex) {
		if (!OBJECT_IN_USE.equals(ex.getSQLState()) || ex.getMessage() == null) {
			return 0;
		}
		Matcher matcher = ACTIVE_PID.matcher(ex.getMessage());
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

}
