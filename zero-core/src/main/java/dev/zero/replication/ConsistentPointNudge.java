package dev.zero.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.lifecycle.ZeroThreads;

/**
 * Hurries a new slot to its consistent point. {@code CREATE_REPLICATION_SLOT} returns when the
 * slot's snapshot builder has read, in a running-transactions record, that the transactions
 * running when it started (and then those running when they ended) have ended. The server
 * writes such records every 15 seconds, and on a primary the builder writes one itself as soon
 * as the transactions it waits for have ended; on PostgreSQL 16+, where the role may execute
 * {@code pg_log_standby_snapshot()}, this also writes one every {@value #INTERVAL_MILLIS} ms from
 * an ordinary connection while the slot is created, so that no builder waits for the next
 * periodic record. It changes nothing else; a creation that is slow all the same (long
 * transactions) is logged with what to look at.
 */
final class ConsistentPointNudge implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ConsistentPointNudge.class);

	private static final long INTERVAL_MILLIS = 150;

	/** A creation slower than this is worth a word on why. */
	private static final Duration SLOW = Duration.ofSeconds(2);

	private final @Nullable Thread thread;

	private final CountDownLatch created = new CountDownLatch(1);

	private final long started = System.nanoTime();

	/** Written by the nudging thread, read after it has ended. */
	private int nudges;

	private ConsistentPointNudge(@Nullable Connection connection, ZeroThreads threads) {
		if (connection != null) {
			this.thread = threads.newThread("zero-consistent-point", () -> nudge(connection));
			this.thread.start();
		}
		else {
			this.thread = null;
		}
	}

	/**
	 * Starts nudging through {@code connection}, an ordinary connection that is idle until
	 * {@link #close()}, where the server and the role allow it.
	 */
	static ConsistentPointNudge start(Connection connection, int serverMajor) throws SQLException {
		return start(connection, serverMajor, ZeroThreads.defaults());
	}

	/** As {@link #start(Connection, int)}, on a thread from {@code threads}. */
	static ConsistentPointNudge start(Connection connection, int serverMajor, ZeroThreads threads)
			throws SQLException {
		if (serverMajor < 16) {
			return new ConsistentPointNudge(null, threads);
		}
		try (Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("""
						SELECT NOT pg_is_in_recovery() AND has_function_privilege('pg_log_standby_snapshot()', 'EXECUTE')
						""")) {
			row.next();
			return new ConsistentPointNudge(row.getBoolean(1) ? connection : null, threads);
		}
	}

	/** Whether it nudges: PostgreSQL 16+, a primary, and the role may. */
	boolean active() {
		return this.thread != null;
	}

	private void nudge(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			while (!this.created.await(INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
				statement.execute("SELECT pg_log_standby_snapshot()");
				this.nudges++;
			}
		}
		catch (SQLException ex) {
			logger.debug("zero: pg_log_standby_snapshot() failed, no more nudges: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops nudging once the slot exists; the connection is free again when this returns. */
	@Override
	public void close() {
		this.created.countDown();
		if (this.thread != null) {
			try {
				this.thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - this.started);
		if (took.compareTo(SLOW) < 0) {
			return;
		}
		logger.info("zero: the replication slot took {} ms to reach its consistent point{}: it waits for the "
				+ "transactions running when it was created to end, and then for those running at that time; look "
				+ "for long transactions (pg_stat_activity.xact_start)", took.toMillis(),
				active() ? " (" + this.nudges + " running-transactions records written on demand)" : "");
	}

}
