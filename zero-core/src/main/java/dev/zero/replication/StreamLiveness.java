package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.shard.ShardMessages;

/**
 * Notices a dead streaming connection: one that receives nothing while the server has sent, or
 * has data to send, as a network that drops a flow without closing it leaves it (the read
 * blocks until TCP gives up, hours later). It runs beside the session on its monitor
 * connection and judges only while the worker sits blocked in the stream's read with nothing
 * in hand: a worker busy with a listener, a batch or a re-read is never judged. Evidence, all
 * read-only until the server is known to have data: our walsender gone from the slot, a
 * monitor connection that does not answer, and the server's WAL ahead of what the stream
 * received; then one heartbeat message is emitted, and the stream is dead when nothing
 * arrived although the walsender has sent past the heartbeat, or sits blocked writing to us (a
 * walsender busy decoding a large transaction it does not send does neither). A dead stream is
 * closed ({@link StreamWake#abortDead}) with a {@link DeadLink} that says what was missing; an
 * idle database is never written to.
 */
final class StreamLiveness implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(StreamLiveness.class);

	/** The wait event of a walsender blocked writing to its client's socket. */
	private static final String WALSENDER_BLOCKED_WRITING = "WalSenderWriteData";

	private final String slotName;

	private final ShardMessages messages;

	private final Connection monitor;

	private final Object monitorLock;

	private final StreamWake wake;

	private final PGReplicationStream stream;

	private final long timeoutNanos;

	/** Silent this long, the stream is looked at. */
	private final long probeAfterNanos;

	private final long probeEveryNanos;

	private final Duration probeTimeout;

	private final int walsenderPid;

	private final List<DeadLink.Backend> backends;

	private long lastReads = -1;

	private long lastReceived;

	private long silentSince = System.nanoTime();

	private long nextProbe;

	/** The heartbeat's end position while one is on its way, or -1. */
	private long heartbeat = -1;

	private long lastSent = -1;

	private long sentSince;

	private long lastCurrent = -1;

	private StreamLiveness(String slotName, ShardMessages messages, Connection monitor, Object monitorLock,
			StreamWake wake, PGReplicationStream stream, Duration timeout, Duration probeTimeout, int walsenderPid,
			List<DeadLink.Backend> backends) {
		this.slotName = slotName;
		this.messages = messages;
		this.monitor = monitor;
		this.monitorLock = monitorLock;
		this.wake = wake;
		this.stream = stream;
		this.timeoutNanos = timeout.toNanos();
		this.probeAfterNanos = this.timeoutNanos / 3;
		this.probeEveryNanos = Math.max(SlotWatch.TICK.toNanos(), this.timeoutNanos / 6);
		this.probeTimeout = probeTimeout;
		this.walsenderPid = walsenderPid;
		this.backends = backends;
	}

	/**
	 * Watches the session's {@code stream}, read through {@code replication}. From here on every
	 * query on the monitor connection waits at most a third of the timeout (at least 2 s, at
	 * most what it waited before): a monitor that hangs on the same dead network must not hold
	 * up the judgement.
	 * @param messages the shard's messages: its wake-up, which the session skips, is the heartbeat
	 */
	static StreamLiveness start(String slotName, ShardMessages messages, Connection monitor, Object monitorLock,
			Connection replication, PGReplicationStream stream, StreamWake wake, Duration timeout) throws SQLException {
		int walsenderPid = replication.unwrap(PGConnection.class).getBackendPID();
		Duration probeTimeout = Duration.ofMillis(Math.max(2000, timeout.toMillis() / 3));
		List<DeadLink.Backend> backends = new ArrayList<>();
		synchronized (monitorLock) {
			int before = monitor.getNetworkTimeout();
			if (before <= 0 || before > probeTimeout.toMillis()) {
				monitor.setNetworkTimeout(Runnable::run, (int) probeTimeout.toMillis());
			}
			else {
				probeTimeout = Duration.ofMillis(before);
			}
			try (PreparedStatement statement = monitor.prepareStatement("SELECT pid, " + DeadLink.STARTED_MICROS
					+ " FROM pg_stat_activity WHERE pid IN (pg_backend_pid(), ?)")) {
				statement.setInt(1, walsenderPid);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						backends.add(new DeadLink.Backend(rows.getInt(1), rows.getLong(2)));
					}
				}
			}
		}
		return new StreamLiveness(slotName, messages, monitor, monitorLock, wake, stream, timeout,
				probeTimeout, walsenderPid, backends);
	}

	/** One tick ({@link SlotWatch#TICK}). */
	@Override
	public void run() {
		try {
			check(System.nanoTime());
		}
		catch (RuntimeException ex) {
			logger.debug("zero: could not judge the stream of slot {}: {}", this.slotName, ex.getMessage());
		}
	}

	private void check(long now) {
		long reads = this.wake.readsWhileReading();
		long received = this.stream.getLastReceiveLSN().asLong();
		if (reads < 0 || reads != this.lastReads || received != this.lastReceived) {
			// busy with what it read, or it received something: alive
			this.lastReads = reads;
			this.lastReceived = received;
			this.silentSince = now;
			this.heartbeat = -1;
			this.lastSent = -1;
			return;
		}
		if (now - this.silentSince < this.probeAfterNanos || now - this.nextProbe < 0) {
			return;
		}
		this.nextProbe = now + this.probeEveryNanos;
		String missing = judge(now, received);
		if (missing != null && this.wake.abortDead(reads, new DeadLink(missing, this.backends))) {
			logger.debug("zero: closed the stream of slot {}: {}", this.slotName, missing);
		}
	}

	/** What is missing, when the stream is dead; {@code null} while it may be alive. */
	private @Nullable String judge(long now, long received) {
		long silent = now - this.silentSince;
		synchronized (this.monitorLock) {
			try {
				try (PreparedStatement statement = this.monitor.prepareStatement("""
						SELECT s.active_pid, pg_wal_lsn_diff(r.sent_lsn, '0/0')::int8,
						       pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::int8, a.wait_event
						  FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
						       LEFT JOIN pg_stat_activity a ON a.pid = s.active_pid
						 WHERE s.slot_name = ?
						""")) {
					statement.setString(1, this.slotName);
					try (ResultSet row = statement.executeQuery()) {
						if (!row.next()) {
							return "the slot " + this.slotName + " no longer exists on the server";
						}
						int active = row.getInt(1);
						if (active != this.walsenderPid) {
							return "our walsender (pid " + this.walsenderPid + ") is gone on the server"
									+ ((active != 0) ? "; pid " + active + " reads the slot now" : "");
						}
						long sent = row.getLong(2);
						sent = row.wasNull() ? received : sent;
						return judgeData(now, silent, received, sent, row.getLong(3),
								WALSENDER_BLOCKED_WRITING.equals(row.getString(4)));
					}
				}
			}
			catch (SQLException ex) {
				if (connectionFailed(ex)) {
					return "no answer on the monitor connection within " + seconds(this.probeTimeout.toNanos())
							+ " while the stream received nothing for " + seconds(System.nanoTime() - this.silentSince)
							+ " (our walsender pid "
							+ this.walsenderPid + ")";
				}
				logger.debug("zero: could not look at the walsender of slot {}: {}", this.slotName, ex.getMessage());
				return null;
			}
		}
	}

	private @Nullable String judgeData(long now, long silent, long received, long sent, long current,
			boolean blockedWriting) throws SQLException {
		if (sent != this.lastSent) {
			this.lastSent = sent;
			this.sentSince = now;
		}
		boolean walMoving = this.lastCurrent >= 0 && current != this.lastCurrent;
		this.lastCurrent = current;
		boolean hasData = Long.compareUnsigned(sent, received) > 0
				|| (walMoving && Long.compareUnsigned(current, received) > 0);
		if (this.heartbeat < 0) {
			if (hasData) {
				// the server has data for us: something must come back through the stream
				this.heartbeat = emitHeartbeat();
			}
			return null;
		}
		if (silent < this.timeoutNanos) {
			return null;
		}
		String sentUpTo = "no data from the server for " + seconds(silent) + " while it had sent up to "
				+ LogSequenceNumber.valueOf(sent).asString();
		if (Long.compareUnsigned(sent, this.heartbeat) >= 0) {
			return sentUpTo + " (our walsender pid " + this.walsenderPid + ")";
		}
		if (blockedWriting && now - this.sentSince >= this.timeoutNanos / 2) {
			// not one decoding a large transaction it does not send (busy, and not waiting on us)
			return sentUpTo + " and was blocked sending more (our walsender pid " + this.walsenderPid + ")";
		}
		return null;
	}

	private long emitHeartbeat() throws SQLException {
		return this.messages.wake(this.monitor).value();
	}

	private boolean connectionFailed(SQLException ex) {
		try {
			return this.monitor.isClosed() || (ex.getSQLState() != null && ex.getSQLState().startsWith("08"));
		}
		catch (SQLException closed) {
			return true;
		}
	}

	private static String seconds(long nanos) {
		long millis = Duration.ofNanos(nanos).toMillis();
		return (millis >= 10_000) ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

}
