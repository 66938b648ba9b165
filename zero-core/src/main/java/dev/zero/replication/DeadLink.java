package dev.zero.replication;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.upstream.Upstream;

/**
 * A stream {@link StreamLiveness} declared dead: what was missing, in words for health and the
 * log, and the server sessions it leaves behind. Through a network that drops a flow silently
 * the server keeps our walsender (holding the slot until {@code wal_sender_timeout}) and our
 * monitor session (holding the shard's leadership lock for as long as the server's own TCP
 * keepalive takes); both are ended so that the next session can start at once.
 *
 * @param reason what was missing, for example "no data from the server for 60 s while it had
 * sent up to 0/5A3F000 (our walsender pid 1234)"
 * @param stale the dead session's server backends
 */
record DeadLink(String reason, List<Backend> stale) {

	private static final Logger logger = LoggerFactory.getLogger(DeadLink.class);

	/** {@code pg_stat_activity.backend_start} as {@link Backend#startedMicros()}. */
	static final String STARTED_MICROS = "(extract(epoch FROM backend_start) * 1000000)::int8";

	DeadLink {
		stale = List.copyOf(stale);
	}

	/**
	 * A server backend, named by its pid and start time so that a pid reused since is never
	 * taken for it.
	 *
	 * @param pid the backend's pid
	 * @param startedMicros its {@code backend_start}, in microseconds since 1970
	 */
	record Backend(int pid, long startedMicros) {

	}

	/**
	 * Ends the stale backends that still run, on a new connection; waits up to 5 s for them to
	 * exit (PostgreSQL 14+) so that the slot is free when the next session asks for it.
	 */
	void endStaleBackends(Upstream upstream) {
		if (this.stale.isEmpty()) {
			return;
		}
		try (Connection connection = upstream.connect()) {
			boolean waits = connection.getMetaData().getDatabaseMajorVersion() >= 14;
			Integer[] pids = this.stale.stream().map(Backend::pid).toArray(Integer[]::new);
			Array pidArray = connection.createArrayOf("int4", pids);
			try (PreparedStatement statement = connection.prepareStatement("SELECT pid, "
					+ (waits ? "pg_terminate_backend(pid, 5000)" : "pg_terminate_backend(pid)")
					+ " FROM pg_stat_activity WHERE pid = ANY (?) AND pid <> pg_backend_pid()"
					+ " AND (pid, " + STARTED_MICROS + ") IN (SELECT * FROM unnest(?::int4[], ?::int8[]))")) {
				statement.setArray(1, pidArray);
				statement.setArray(2, pidArray);
				statement.setArray(3, connection.createArrayOf("int8",
						this.stale.stream().map(Backend::startedMicros).toArray(Long[]::new)));
				statement.execute();
			}
		}
		catch (SQLException ex) {
			// the server ends them itself (wal_sender_timeout, its TCP keepalive); the next
			// session stands by until then
			logger.debug("zero: could not end the dead stream's server sessions: {}", ex.getMessage());
		}
	}

}
