package dev.zero.target;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.zero.autoconfigure.SpringTargetTransactions;
import dev.zero.shard.ShardId;

/**
 * Holds a shard's replication origin in a JVM of its own, to be killed with {@code kill -9},
 * while its backend is busy in a statement (a transactional listener's slow statement, here
 * {@code pg_sleep}): such a backend notices its client is gone only when the statement ends.
 * Mode {@code raw} sets the origin up the way earlier versions did (a bare
 * {@code pg_replication_origin_session_setup}); mode {@code target} opens the transaction with
 * {@link DatabaseTarget}. Prints the backend's PID once the origin is held. Arguments: url user
 * password appId mode.
 */
public final class OriginHolderMain {

	private OriginHolderMain() {
	}

	public static void main(String[] args) throws Exception {
		ShardId shard = new ShardId(args[3], 0);
		if (args[4].equals("raw")) {
			try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
				connection.setAutoCommit(false);
				try (PreparedStatement setup = connection
					.prepareStatement("SELECT pg_backend_pid(), pg_replication_origin_session_setup(?)")) {
					setup.setString(1, shard.replicationOrigin());
					try (ResultSet row = setup.executeQuery()) {
						row.next();
						System.out.println("holding " + row.getInt(1));
						System.out.flush();
					}
				}
				try (Statement statement = connection.createStatement()) {
					statement.execute("SELECT pg_sleep(600)");
				}
			}
			return;
		}
		DriverManagerDataSource dataSource = new DriverManagerDataSource(args[0], args[1], args[2]);
		DatabaseTarget target = new DatabaseTarget(shard,
				new SpringTargetTransactions(new DataSourceTransactionManager(dataSource), dataSource), List.of(),
				PositionStore.ORIGIN);
		target.open();
		target.begin();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		System.out.println("holding " + jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
		System.out.flush();
		jdbc.execute("SELECT pg_sleep(600)");
	}

}
