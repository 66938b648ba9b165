package dev.zero.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Change;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.InspectionSettings;
import dev.zero.upstream.Upstream;
import dev.zero.upstream.UpstreamValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While its listener has released every connection, the shard supervisor does not check the
 * upstream again either (that would wake a sleeping server), and the shard stays ready.
 */
class ShardSupervisorIdleReleaseTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void noRecheckWhileReleasedAndTheShardStaysReady() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE napping (id bigint PRIMARY KEY)");
		ShardId shard = new ShardId("napping", 0);
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test");
		List<Change> changes = new CopyOnWriteArrayList<>();
		ReplicationWorker worker = new ReplicationWorker(upstream, shard,
				new ReplicationSettings(shard.defaultSlotName(), Duration.ofSeconds(1), false, Duration.ofSeconds(5))
					.withIdleRelease(Duration.ofMillis(300), null),
				() -> List.of(changes::add), ReplicationMetrics.NONE);
		Duration interval = Duration.ofMillis(200);
		ShardSupervisor supervisor = new ShardSupervisor(shard,
				new UpstreamValidator(upstream, InspectionSettings.defaults(shard)),
				new PublicationSettings(shard, List.of(), List.of("public"), ReplicaIdentityPolicy.REPORT, false,
						DdlDetection.RELATION_DIFF),
				worker, interval, interval, Duration.ofSeconds(5), (status) -> {
				});
		supervisor.start();
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> supervisor.status().state() == ShardState.READY && worker.status().state() == ReplicationState.STREAMING);
			database.execute("INSERT INTO napping VALUES (1)");
			await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() == 1);
			await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().state() == ReplicationState.RELEASED);
			// many re-check intervals: no connection of the starter's, no re-check, still ready
			await().during(Duration.ofMillis(1200))
				.atMost(Duration.ofMillis(1600))
				.until(() -> starterSessions(database) == 0 && supervisor.status().state() == ShardState.READY
						&& supervisor.status().replication().state() == ReplicationState.RELEASED);
			database.execute("INSERT INTO napping VALUES (2)");
			supervisor.wake();
			await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 2);
		}
		finally {
			supervisor.stop(Duration.ofSeconds(5));
		}
	}

	private static long starterSessions(TestDatabase database) {
		return database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND application_name LIKE 'zero/test%'");
	}

}
