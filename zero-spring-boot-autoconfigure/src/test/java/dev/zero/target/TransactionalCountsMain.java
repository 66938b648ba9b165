package dev.zero.target;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.zero.autoconfigure.SpringTargetTransactions;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.replication.DeliverySettings;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Runs a replication worker with one transactional listener in a JVM of its own, to be killed
 * with {@code kill -9}: the listener keeps {@code list_stats(list_id, todos)} as the count of
 * {@code todo} rows per list, in the same database, through Spring's
 * {@link DataSourceTransactionManager} and a {@link JdbcTemplate}, the way an application
 * would. Arguments: url user password appId publication store batchSize snapshotChunk
 * snapshotDelayMicros (a slow initial sync, to be killed in the middle of it).
 */
public final class TransactionalCountsMain {

	private TransactionalCountsMain() {
	}

	public static void main(String[] args) throws Exception {
		Upstream upstream = Upstream.of(args[0], args[1], args[2], "zero/test-counts");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(args[0], args[1], args[2]);
		DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		long snapshotDelayNanos = Long.parseLong(args[8]) * 1000;
		ChangeListener counts = new ChangeListener() {

			@Override
			public void onReset(Reset reset) {
				jdbc.update("DELETE FROM list_stats");
			}

			@Override
			public void onChange(Change change) {
				if (change instanceof Insert insert) {
					if (insert.snapshot() && snapshotDelayNanos > 0) {
						LockSupport.parkNanos(snapshotDelayNanos);
					}
					count(insert.row().getLong("list_id"), 1);
				}
				else if (change instanceof Update update) {
					count(update.old().getLong("list_id"), -1);
					count(update.row().getLong("list_id"), 1);
				}
				else if (change instanceof Delete delete) {
					count(delete.old().getLong("list_id"), -1);
				}
				else if (change instanceof Truncate) {
					jdbc.update("DELETE FROM list_stats");
				}
			}

			private void count(long list, int delta) {
				jdbc.update("INSERT INTO list_stats (list_id, todos) VALUES (?, ?) "
						+ "ON CONFLICT (list_id) DO UPDATE SET todos = list_stats.todos + excluded.todos", list, delta);
			}

		};
		ShardId shard = new ShardId(args[3], 0);
		DatabaseTarget target = new DatabaseTarget(shard, new SpringTargetTransactions(manager, dataSource),
				List.of(counts), PositionStore.valueOf(args[5]));
		DeliverySettings delivery = new DeliverySettings(Integer.parseInt(args[6]), Duration.ofMillis(200),
				Integer.parseInt(args[7]), false, 10_000);
		ReplicationWorker worker = new ReplicationWorker(upstream, shard,
				new ReplicationSettings(args[3] + "_spring_0", Duration.ofSeconds(10), false, Duration.ofSeconds(5)),
				List::of, () -> List.of(target), delivery, ReplicationMetrics.NONE);
		worker.start(List.of(args[4]));
		System.out.println("started");
		new CountDownLatch(1).await();
	}

}
