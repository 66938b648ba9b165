package dev.zero.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.replication.DeliverySettings;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationWorker;
import dev.zero.change.TransactionalTarget;
import dev.zero.shard.ShardId;

/**
 * Our contender's shards, one per slot, prepared the way the starter prepares them: the
 * benchmark's publication adopted, the slot created and its (empty) initial sync done, so that
 * a drain later reads exactly the backlog written after it.
 */
final class ZeroShards {

	private static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

	private ZeroShards() {
	}

	/** A worker for the shard named after {@code slot}, with the starter's defaults. */
	static ReplicationWorker worker(BenchmarkDatabase database, String slot, boolean initialSync,
			ChangeListener listener) {
		return worker(database, slot, initialSync, List.of(listener), List.of());
	}

	/** A worker with transactional targets too, batched with the starter's defaults. */
	static ReplicationWorker worker(BenchmarkDatabase database, String slot, boolean initialSync,
			List<ChangeListener> listeners, List<TransactionalTarget> targets) {
		return new ReplicationWorker(database.upstream(), new ShardId(slot, 0),
				new ReplicationSettings(slot, STATUS_INTERVAL, false, Duration.ofSeconds(10), initialSync,
						ReplicationSettings.defaultParallelism(), true),
				() -> listeners, () -> targets, DeliverySettings.DEFAULTS, ReplicationMetrics.NONE);
	}

	/**
	 * Provisions the shard and lets a worker create its slot and sync, then stops it.
	 */
	static void prepare(BenchmarkDatabase database, String slot) throws SQLException, InterruptedException {
		provision(database, slot);
		ReplicationWorker worker = worker(database, slot, true, (Change change) -> {
		});
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			awaitStreaming(worker);
		}
		finally {
			worker.stop();
		}
	}

	static void provision(BenchmarkDatabase database, String slot) throws SQLException {
		PublicationSettings settings = new PublicationSettings(new ShardId(slot, 0),
				List.of(BenchmarkTable.PUBLICATION), List.of("public"), ReplicaIdentityPolicy.REPORT, false,
				DdlDetection.RELATION_DIFF);
		try (Connection connection = database.connect()) {
			new PublicationProvisioner(settings).provision(connection);
		}
	}

	static void awaitStreaming(ReplicationWorker worker) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (worker.status().state() != ReplicationState.STREAMING) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("ours is not streaming after 60 s: " + worker.status());
			}
			Thread.sleep(10);
		}
	}

}
