package dev.zero.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.zero.change.ChangeListener;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.zerocache.ZeroCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter first, then a real zero-cache with the same (default) app id on the same
 * database: zero-cache starts and syncs, and the starter keeps streaming without a reset.
 */
class ZeroCacheStartingSecondTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@TempDir
	static Path work;

	@Test
	void zeroCacheStartsBesideARunningStarterAndNeitherResets() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE items (id int PRIMARY KEY, title text)", "INSERT INTO items VALUES (1, 'one')");
		ZeroCacheNeighbourTests.Changes changes = new ZeroCacheNeighbourTests.Changes();
		ZeroContexts.on(database).withBean(ChangeListener.class, () -> changes).run((context) -> {
			ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING);
			try (ZeroCache zeroCache = ZeroCache.start(database, work, Map.of())) {
				database.execute("ALTER TABLE items ADD COLUMN note text", "INSERT INTO items VALUES (2, 'two', 'x')");
				await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("items").size() == 2);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> zeroCache.queryReplica("SELECT id FROM items WHERE id = 2").contains("2"));
				assertThat(changes.resets).hasSize(1);
				assertThat(supervisor.status().replication().state()).isEqualTo(ReplicationState.STREAMING);
				assertThat(supervisor.status().publications().checks()).noneMatch((check) -> check.failed());
				assertThat(zeroCache.isAlive()).isTrue();
				assertThat(database.queryForString("SELECT string_agg(slot_name, ',' ORDER BY slot_name COLLATE \"C\") "
						+ "FROM pg_replication_slots")).isEqualTo("zero_0_a,zero_spring_0");
			}
		});
	}

}
