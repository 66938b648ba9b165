package dev.zero.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Status;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardDecommission;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.zerocache.ZeroCache;
import dev.zero.zerocache.ZeroCacheObjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter beside a real zero-cache on one database, both with their default settings
 * (app id {@code zero}, shard 0), zero-cache started first: neither touches the other's
 * objects, schema changes reset neither, and the starter's decommission leaves zero-cache
 * running with everything it owns.
 */
class ZeroCacheNeighbourTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@TempDir
	static Path work;

	@Test
	void bothStayHealthyThroughSchemaChangesAndDecommissionLeavesZeroCacheIntact() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE items (id int PRIMARY KEY, title text)", "INSERT INTO items VALUES (1, 'one')");
		try (ZeroCache zeroCache = ZeroCache.start(database, work, Map.of())) {
			Changes changes = new Changes();
			ZeroContexts.on(database).withBean(ChangeListener.class, () -> changes).run((context) -> {
				ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> supervisor.status().replication().state()
						== ReplicationState.STREAMING);
				assertThat(supervisor.status().publications().checks()).noneMatch((check) -> check.failed());
				assertThat(supervisor.status().publications().ddlDetection()).isEqualTo(DdlDetection.EVENT_TRIGGERS);
				assertThat(supervisor.status().publications().names()).containsExactly("_zero_spring_public_0");
				String zeroCacheObjects = ZeroCacheObjects.snapshot(database);
				assertThat(zeroCacheObjects).contains("zero_0.shardConfig", "_zero_public_0", "zero_ddl_start_0",
						"zero_0_a");

				database.execute("ALTER TABLE items ADD COLUMN note text",
						"INSERT INTO items VALUES (2, 'two', 'after add column')",
						"CREATE TABLE extra (id int PRIMARY KEY)", "INSERT INTO extra VALUES (1)");
				await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("extra").size() == 1
						&& changes.inserted("items").size() == 2);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> zeroCache.queryReplica("SELECT id, note FROM items WHERE id = 2")
						.contains("after add column") && zeroCache.queryReplica("SELECT id FROM extra").contains("1"));
				assertThat(changes.resets).as("no reset beyond the first one").hasSize(1);
				assertThat(supervisor.status().replication().state()).isEqualTo(ReplicationState.STREAMING);
				assertThat(context.getBean(ZeroHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(zeroCache.isAlive()).isTrue();

				String before = ZeroCacheObjects.snapshot(database);
				ShardDecommission.Outcome outcome = supervisor.decommission();
				assertThat(outcome.removed()).containsExactly("slot zero_spring_0",
						"event triggers zero_spring_ddl_start_0, zero_spring_ddl_end_0", "publication _zero_spring_public_0",
						"schema zero_spring_0");
				assertThat(outcome.left()).isEmpty();
				assertThat(ZeroCacheObjects.snapshot(database)).isEqualTo(before);
			});
			database.execute("INSERT INTO items VALUES (3, 'three', 'after decommission')");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> zeroCache.queryReplica("SELECT id FROM items WHERE id = 3").contains("3"));
			assertThat(zeroCache.isAlive()).isTrue();
		}
	}

	/** Records resets and inserts. */
	static final class Changes implements ChangeListener {

		final List<Reset> resets = new CopyOnWriteArrayList<>();

		final List<Insert> inserts = new CopyOnWriteArrayList<>();

		@Override
		public void onReset(Reset reset) {
			this.resets.add(reset);
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert) {
				this.inserts.add(insert);
			}
		}

		List<Insert> inserted(String table) {
			return this.inserts.stream().filter((insert) -> insert.table().name().equals(table)).toList();
		}

	}

}
