package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Lsn;
import dev.zero.shard.ShardMessages;

/**
 * Runs beside a streaming session. Every status interval it measures the slot's lag and
 * retained WAL, and, when the worker has sat idle for a whole interval while the server's WAL
 * moved on (writes to tables nobody publishes), emits a non-transactional wake-up message: the
 * worker reads it, follows the server's position and acknowledges it, so that the slot retains
 * no WAL. A database whose WAL stands still gets no writes from it. It never touches the
 * stream nor the acknowledged position, which belong to the worker thread; it reads only the
 * position the stream received. It uses the session's ordinary connection, never the
 * streaming one, and takes turns with the worker on it.
 */
final class SlotWatch implements Runnable {

	/**
	 * How often the watch looks at an idle stream. A server that shuts down waits for its
	 * walsenders' clients to confirm everything sent, which an idle worker blocked in its read
	 * does not do; the watch closes such a stream, so this bounds how long an idle listener can
	 * hold up a restart.
	 */
	static final Duration TICK = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(SlotWatch.class);

	/**
	 * The slot's lag and retained WAL as last measured.
	 *
	 * @param lagBytes the server's WAL position minus the slot's confirmed position
	 * @param retainedWalBytes WAL the server keeps for the slot
	 */
	record Measurement(long lagBytes, long retainedWalBytes) {

	}

	interface Listener {

		void measured(Measurement measurement);

	}

	private final String slotName;

	private final ShardMessages messages;

	private final Connection monitor;

	private final Object monitorLock;

	private final StreamWake wake;

	private final Listener listener;

	/** The position the stream received (the server's, from its keepalives), read-only. */
	private final Supplier<Lsn> received;

	private final long measureEveryNanos;

	private long nextMeasure = System.nanoTime();

	/** The received position the server was last asked about. */
	private Lsn checked = Lsn.INVALID;

	SlotWatch(String slotName, ShardMessages messages, Connection monitor, Object monitorLock, StreamWake wake,
			Supplier<Lsn> received, Duration measureEvery, Listener listener) {
		this.slotName = slotName;
		this.messages = messages;
		this.monitor = monitor;
		this.monitorLock = monitorLock;
		this.wake = wake;
		this.received = received;
		this.measureEveryNanos = measureEvery.toNanos();
		this.listener = listener;
	}

	/**
	 * One tick ({@link #TICK}): looks at a server that moved on while the worker sits idle, and
	 * measures every status interval.
	 */
	@Override
	public void run() {
		Lsn received = this.received.get();
		if (received.compareTo(this.checked) > 0 && this.wake.behindWhileIdle(received)) {
			this.checked = received;
			if (!serverAnswers()) {
				// A server that shuts down ends ordinary sessions first, then waits for its
				// walsenders' clients to confirm the last position; the worker blocked in its read
				// does not, so the idle stream is closed instead of holding up the shutdown.
				this.wake.interrupt();
				return;
			}
		}
		long now = System.nanoTime();
		if (now - this.nextMeasure < 0) {
			return;
		}
		this.nextMeasure = now + this.measureEveryNanos;
		synchronized (this.monitorLock) {
			try {
				Measurement measurement = measure();
				if (measurement == null) {
					return;
				}
				this.listener.measured(measurement);
				if (measurement.lagBytes() > 0 && this.wake.idleSinceLastTick()) {
					this.messages.wake(this.monitor);
				}
			}
			catch (SQLException ex) {
				logger.debug("zero: could not measure slot {}: {}", this.slotName, ex.getMessage());
			}
		}
	}

	private boolean serverAnswers() {
		synchronized (this.monitorLock) {
			try (Statement statement = this.monitor.createStatement()) {
				statement.execute("SELECT 1");
				return true;
			}
			catch (SQLException ex) {
				return false;
			}
		}
	}

	private @Nullable Measurement measure() throws SQLException {
		try (PreparedStatement statement = this.monitor.prepareStatement("""
				SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,
				       pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint
				  FROM pg_replication_slots WHERE slot_name = ?
				""")) {
			statement.setString(1, this.slotName);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? new Measurement(Math.max(0, row.getLong(1)), Math.max(0, row.getLong(2))) : null;
			}
		}
	}

}
