package dev.zero.target;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.zero.autoconfigure.SpringTargetTransactions;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.ResyncComplete;
import dev.zero.change.ResyncStart;
import dev.zero.change.TableName;
import dev.zero.change.Update;
import dev.zero.replication.DeliverySettings;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Runs a replication worker whose transactional listener mirrors table {@code big} into
 * {@code mirror} in the same database, in a JVM of its own, to be killed with {@code kill -9}
 * in the middle of a re-sync. It counts the snapshot rows it received in {@code runs}, in the
 * same transactions as the rows. Arguments: url user password appId publication run
 * [table to re-sync once streaming].
 */
public final class ResyncMirrorMain {

	private ResyncMirrorMain() {
	}

	public static void main(String[] args) throws Exception {
		Upstream upstream = Upstream.of(args[0], args[1], args[2], "zero/test-mirror");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(args[0], args[1], args[2]);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		int run = Integer.parseInt(args[5]);
		jdbc.update("INSERT INTO runs VALUES (?, 0) ON CONFLICT DO NOTHING", run);
		ChangeListener mirror = new ChangeListener() {

			private long snapshotRows;

			@Override
			public void onResyncStart(ResyncStart start) {
				jdbc.update("DELETE FROM mirror");
			}

			@Override
			public void onResyncComplete(ResyncComplete complete) {
				counted();
			}

			@Override
			public void onChange(Change change) {
				if (change instanceof Insert insert) {
					upsert(insert.row().getLong("id"), insert.row().getString("val"));
					if (insert.snapshot() && ++this.snapshotRows == 1000) {
						counted();
					}
				}
				else if (change instanceof Update update) {
					upsert(update.row().getLong("id"), update.row().getString("val"));
				}
				else if (change instanceof Delete delete) {
					jdbc.update("DELETE FROM mirror WHERE id = ?", delete.old().getLong("id"));
				}
			}

			private void upsert(long id, String val) {
				jdbc.update("INSERT INTO mirror VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET val = excluded.val", id, val);
			}

			private void counted() {
				jdbc.update("UPDATE runs SET snapshot_rows = snapshot_rows + ? WHERE run = ?", this.snapshotRows, run);
				this.snapshotRows = 0;
			}

		};
		ShardId shard = new ShardId(args[3], 0);
		DatabaseTarget target = new DatabaseTarget(shard,
				new SpringTargetTransactions(new DataSourceTransactionManager(dataSource), dataSource), List.of(mirror),
				PositionStore.AUTO);
		ReplicationWorker worker = new ReplicationWorker(upstream, shard,
				new ReplicationSettings(args[3] + "_spring_0", Duration.ofSeconds(10), false, Duration.ofSeconds(5)),
				List::of, () -> List.of(target), DeliverySettings.DEFAULTS, ReplicationMetrics.NONE);
		worker.start(List.of(args[4]));
		if (args.length > 6) {
			while (worker.status().state() != ReplicationState.STREAMING) {
				Thread.sleep(50);
			}
			worker.requestResync(List.of(TableName.parse(args[6])));
		}
		System.out.println("started");
		new CountDownLatch(1).await();
	}

}
