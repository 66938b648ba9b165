package dev.zero.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Lsn;

/**
 * Runs beside a streaming session when an idle release is configured: once the worker has
 * blocked between transactions with nothing to deliver for the whole idle release (no
 * transaction for the publications, no table re-read in progress, no open batch of the
 * targets) and the slot's confirmed position is what the worker acknowledged, it closes the
 * stream so that the session ends as {@link StreamSession.End.Kind#RELEASED} and the worker
 * releases every connection. It decides under {@link StreamWake}'s lock, so that the worker
 * cannot have taken a transaction in between. Like the {@link SlotWatch}, it takes turns with
 * the worker on the session's ordinary connection.
 */
final class IdleRelease implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(IdleRelease.class);

	private final String slotName;

	private final Connection monitor;

	private final Object monitorLock;

	private final StreamWake wake;

	private final long idleNanos;

	private final Runnable decided;

	/**
	 * @param idle how long the worker must have had nothing to deliver
	 * @param decided told when the release is decided, before the stream closes
	 */
	IdleRelease(String slotName, Connection monitor, Object monitorLock, StreamWake wake, Duration idle,
			Runnable decided) {
		this.slotName = slotName;
		this.monitor = monitor;
		this.monitorLock = monitorLock;
		this.wake = wake;
		this.idleNanos = idle.toNanos();
		this.decided = decided;
	}

	/** How often to look, for an idle release of {@code idle}: a quarter of it, within 50 ms and 1 s. */
	static Duration tick(Duration idle) {
		long millis = Math.max(50, Math.min(1000, idle.toMillis() / 4));
		return Duration.ofMillis(millis);
	}

	@Override
	public void run() {
		Long quietSince = this.wake.quietSince();
		if (quietSince == null || System.nanoTime() - quietSince < this.idleNanos) {
			return;
		}
		Lsn acknowledged = this.wake.acknowledged();
		synchronized (this.monitorLock) {
			try {
				if (!confirmed(acknowledged)) {
					return;
				}
			}
			catch (SQLException ex) {
				logger.debug("zero: could not read slot {} before releasing it: {}", this.slotName, ex.getMessage());
				return;
			}
		}
		this.wake.release(quietSince, acknowledged, this.decided);
	}

	/** Whether the slot's confirmed position reached {@code acknowledged} on the server. */
	private boolean confirmed(Lsn acknowledged) throws SQLException {
		try (PreparedStatement statement = this.monitor.prepareStatement(
				"SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
			statement.setString(1, this.slotName);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next() || row.getString(1) == null) {
					return false;
				}
				return Lsn.parse(row.getString(1)).compareTo(acknowledged) >= 0;
			}
		}
	}

}
