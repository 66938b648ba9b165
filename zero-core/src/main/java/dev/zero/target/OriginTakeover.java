package dev.zero.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the shard's replication origin over from a session that still holds it: waits a short,
 * bounded time for the holder to let go, then ends it with {@code pg_terminate_backend}.
 * <p>
 * Ending the holder is safe because {@link DatabaseTarget#begin} only runs while the
 * replication worker leads the shard (its {@code Leadership} advisory lock, held on the
 * session's monitor connection for as long as it streams or copies): an origin held by another
 * session while we lead is by definition a leftover of a previous leader — a backend whose
 * client was killed while it was busy in a statement (it notices only when the statement
 * ends), a leader that lost its lock but not yet its transaction, or a pooled connection whose
 * clean-up failed. Its transaction must not commit anyway. Only the backend the server names as
 * the holder of exactly our origin is ended, and only in the current database; it never ends
 * any other session.
 */
final class OriginTakeover {

	private static final Logger logger = LoggerFactory.getLogger(OriginTakeover.class);

	/** SQLSTATE of {@code pg_replication_origin_session_setup} when another session holds the origin. */
	static final String OBJECT_IN_USE = "55006";

	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	private static final Duration FIRST_DELAY = Duration.ofMillis(100);

	private static final Pattern NUMBER = Pattern.compile("\\d+");

	private final String origin;

	private final TargetTransactions transactions;

	private final Duration grace;

	/** When the origin was first found held, for the log; 0 when it is not. */
	private long takeoverSince;

	/** When the current grace period started. */
	private long heldSince;

	private int waits;

	private int ended;

	/**
	 * @param origin the shard's replication origin
	 * @param transactions the transactions the holder is looked up and ended in
	 * @param grace how long the holder may take to let go before it is ended
	 */
	OriginTakeover(String origin, TargetTransactions transactions, Duration grace) {
		this.origin = origin;
		this.transactions = transactions;
		this.grace = grace;
	}

	/** Whether setting up the origin failed because another session holds it. */
	static boolean originHeld(SQLException ex) {
		return OBJECT_IN_USE.equals(ex.getSQLState());
	}

	/** The origin was set up: the next takeover starts afresh. */
	void done() {
		if (this.ended > 0) {
			logger.info("zero: took replication origin {} over after {} ms", this.origin,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.takeoverSince));
		}
		this.takeoverSince = 0;
		this.heldSince = 0;
		this.waits = 0;
		this.ended = 0;
	}

	/**
	 * Setting up the origin failed with {@code held} (no transaction open): waits before the
	 * next attempt, or once the grace period is over, ends the holder. Returns when trying
	 * again is worth it.
	 * @throws SQLException {@code held} when the holder cannot be told from the error or was
	 * ended twice already; a clear failure when the role may not end it
	 */
	void held(SQLException held) throws SQLException {
		long now = System.nanoTime();
		if (this.heldSince == 0) {
			this.heldSince = now;
			this.takeoverSince = now;
		}
		long remaining = this.grace.toNanos() - (now - this.heldSince);
		if (remaining > 0) {
			long delay = Math.min(FIRST_DELAY.toNanos() << Math.min(this.waits++, 10), remaining);
			try {
				TimeUnit.NANOSECONDS.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw held;
			}
			return;
		}
		if (this.ended >= 2) {
			throw held;
		}
		this.ended++;
		end(held);
		// the holder is gone: a fresh grace period for whoever might hold it next
		this.heldSince = System.nanoTime();
		this.waits = 0;
	}

	private void end(SQLException held) throws SQLException {
		Connection connection = this.transactions.begin((ended) -> {
		});
		boolean committed = false;
		try {
			int pid = holder(connection, held);
			// pid, datname and usename are what pg_stat_activity shows of other roles' sessions
			try (PreparedStatement terminate = connection.prepareStatement("""
					SELECT usename, pg_terminate_backend(pid, 5000) FROM pg_stat_activity
					 WHERE pid = ? AND pid <> pg_backend_pid() AND datname = current_database()
					""")) {
				terminate.setInt(1, pid);
				try (ResultSet row = terminate.executeQuery()) {
					if (row.next()) {
						logger.warn("zero: replication origin {} was still held by backend {} (role {}) of a previous "
								+ "leader of the shard after {} ms; ended it", this.origin, pid, row.getString(1),
								this.grace.toMillis());
					}
					else {
						logger.warn("zero: replication origin {} is held by backend {}, which is gone or not in this "
								+ "database; not ending it", this.origin, pid);
					}
				}
			}
			catch (SQLException ex) {
				if (INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState())) {
					throw new SQLException("replication origin " + this.origin + " is still held by backend " + pid
							+ ", a leftover of a previous leader of the shard, which the role of the application's "
							+ "transactions may not end: GRANT pg_signal_backend TO that role (or run the instances "
							+ "as the same role), or end it with SELECT pg_terminate_backend(" + pid + ")",
							INSUFFICIENT_PRIVILEGE, ex);
				}
				throw ex;
			}
			this.transactions.commit();
			committed = true;
		}
		finally {
			if (!committed) {
				try {
					this.transactions.rollback();
				}
				catch (SQLException | RuntimeException ex) {
					logger.debug("zero: rolling back after looking up the origin's holder failed", ex);
				}
			}
		}
	}

	/**
	 * The holder's PID, from the error of setting up our origin: its message names the origin's
	 * ID and the holder's PID (in whatever order a translation puts them). The ID must be our
	 * origin's, so that the PID is the holder of exactly our origin.
	 */
	private int holder(Connection connection, SQLException held) throws SQLException {
		int id;
		// the catalog, not pg_replication_origin_oid: a role granted the origin functions it
		// needs may not have been granted that one
		try (PreparedStatement lookup = connection
			.prepareStatement("SELECT roident::int FROM pg_replication_origin WHERE roname = ?")) {
			lookup.setString(1, this.origin);
			try (ResultSet row = lookup.executeQuery()) {
				if (!row.next()) {
					throw held;
				}
				id = row.getInt(1);
			}
		}
		List<Long> numbers = new ArrayList<>();
		Matcher matcher = NUMBER.matcher(String.valueOf(held.getMessage()).lines().findFirst().orElse(""));
		while (matcher.find() && numbers.size() < 3) {
			numbers.add(Long.parseLong(matcher.group()));
		}
		if (numbers.size() == 2 && numbers.remove(Long.valueOf(id)) && numbers.get(0) <= Integer.MAX_VALUE) {
			return numbers.get(0).intValue();
		}
		throw held;
	}

}
