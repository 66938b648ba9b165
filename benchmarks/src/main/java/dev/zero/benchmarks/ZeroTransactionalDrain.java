package dev.zero.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.zero.autoconfigure.SpringTargetTransactions;
import dev.zero.autoconfigure.observation.ZeroObservations;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.target.DatabaseTarget;
import dev.zero.target.PositionStore;

/**
 * Ours, exactly-once: the same drain as {@link ZeroDrain}, through a transactional listener
 * that reads every column and upserts one row per source transaction into the same database,
 * in transactions of Spring's {@link DataSourceTransactionManager} that also record the
 * position (the starter's default batching). The clock stops when the transaction holding
 * the end position has committed.
 */
final class ZeroTransactionalDrain {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private final ZeroObservations observations;

	ZeroTransactionalDrain(BenchmarkDatabase database, ZeroObservations observations) {
		this.database = database;
		this.observations = observations;
	}

	static void createProgressTable(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS bench_progress (round int PRIMARY KEY, "
					+ "transactions bigint NOT NULL, rows bigint NOT NULL, last_lsn pg_lsn NOT NULL)");
		}
	}

	/**
	 * Provisions the shard and lets a worker with the transactional target create its slot and
	 * sync, so that the target's position is the slot's start, then stops it.
	 */
	void prepare(String slot) throws Exception {
		ZeroShards.provision(this.database, slot);
		SingleConnectionDataSource dataSource = dataSource();
		try {
			ReplicationWorker worker = ZeroShards.worker(this.database, slot, true, List.of(),
					List.of(target(slot, dataSource, (Change change) -> {
					})));
			worker.start(List.of(BenchmarkTable.PUBLICATION));
			try {
				ZeroShards.awaitStreaming(worker);
			}
			finally {
				worker.stop();
			}
		}
		finally {
			dataSource.destroy();
		}
	}

	private SingleConnectionDataSource dataSource() {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.database.jdbcUrl(),
				this.database.username(), this.database.password(), true);
		dataSource.setAutoCommit(true);
		return dataSource;
	}

	private static DatabaseTarget target(String slot, SingleConnectionDataSource dataSource, ChangeListener listener) {
		return new DatabaseTarget(new ShardId(slot, 0),
				new SpringTargetTransactions(new DataSourceTransactionManager(dataSource), dataSource),
				List.of(listener), PositionStore.AUTO);
	}

	DrainResult run(int round, String slot, Lsn end, long expectedChanges) throws Exception {
		SingleConnectionDataSource dataSource = dataSource();
		try {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			UpsertingListener listener = new UpsertingListener(jdbc, round);
			DatabaseTarget target = target(slot, dataSource, listener);
			CommitWatch watched = new CommitWatch(target, end);
			ReplicationWorker worker = ZeroShards.worker(this.database, slot, true, List.of(),
					List.of(this.observations.target(watched, (each) -> BenchmarkObservations.LISTENER)));
			long start = System.nanoTime();
			worker.start(List.of(BenchmarkTable.PUBLICATION));
			try {
				if (!watched.await(TIMEOUT)) {
					throw new IllegalStateException("ours (transactional) did not commit " + end + " within " + TIMEOUT
							+ " (" + listener.changes + " changes so far, worker " + worker.status() + ")");
				}
			}
			finally {
				worker.stop();
			}
			long rows = jdbc.queryForObject("SELECT rows FROM bench_progress WHERE round = ?", Long.class, round);
			if (rows != expectedChanges) {
				throw new IllegalStateException("ours (transactional) committed " + rows + " rows, expected "
						+ expectedChanges);
			}
			return new DrainResult("drain", "zero exactly-once", round, rows, Duration.ofNanos(watched.reachedAt() - start));
		}
		finally {
			dataSource.destroy();
		}
	}

	/**
	 * Reads every row as an application would and keeps one row of progress per round,
	 * upserted once per source transaction.
	 */
	private static final class UpsertingListener implements ChangeListener {

		private final JdbcTemplate jdbc;

		private final int round;

		private long changes;

		private long inTransaction;

		private long checksum;

		UpsertingListener(JdbcTemplate jdbc, int round) {
			this.jdbc = jdbc;
			this.round = round;
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert) {
				this.checksum += BenchmarkTable.read(insert.row());
				this.changes++;
				this.inTransaction++;
			}
		}

		@Override
		public void onCommit(Commit commit) {
			this.jdbc.update("INSERT INTO bench_progress AS p (round, transactions, rows, last_lsn) "
					+ "VALUES (?, 1, ?, ?::pg_lsn) ON CONFLICT (round) DO UPDATE SET transactions = p.transactions + 1, "
					+ "rows = p.rows + excluded.rows, last_lsn = excluded.last_lsn", this.round, this.inTransaction,
					commit.endLsn().toString());
			this.inTransaction = 0;
		}

	}

}
