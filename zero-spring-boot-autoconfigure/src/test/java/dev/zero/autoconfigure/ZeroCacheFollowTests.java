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
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationOwner;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.zerocache.ZeroCache;
import dev.zero.zerocache.ZeroCacheObjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Follow mode: the starter reads zero-cache's own publication, read-only, so a Spring
 * backend's listeners get exactly the rows zero-cache syncs; it installs no event triggers of
 * its own and never alters zero-cache's publication.
 */
class ZeroCacheFollowTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@TempDir
	static Path work;

	@Test
	void listenersGetWhatZeroCacheSyncsAndZeroCachesPublicationIsNeverAltered() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE items (id int PRIMARY KEY, title text)", "INSERT INTO items VALUES (1, 'one')",
				"CREATE SCHEMA private", "CREATE TABLE private.secret (id int PRIMARY KEY)",
				"INSERT INTO private.secret VALUES (1)");
		try (ZeroCache zeroCache = ZeroCache.start(database, work, Map.of())) {
			ZeroCacheNeighbourTests.Changes changes = new ZeroCacheNeighbourTests.Changes();
			String before = ZeroCacheObjects.snapshot(database);
			ZeroContexts.on(database)
				.withPropertyValues("zero.app-publications=_zero_public_0", "zero.publication.schemas=public,private")
				.withBean(ChangeListener.class, () -> changes)
				.run((context) -> {
					ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
					await().atMost(Duration.ofSeconds(60))
						.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING);
					assertThat(supervisor.status().publications().publications())
						.singleElement()
						.satisfies((publication) -> assertThat(publication.owner()).isEqualTo(PublicationOwner.ZERO_CACHE));
					assertThat(supervisor.status().publications().ddlDetection()).isEqualTo(DdlDetection.RELATION_DIFF);
					assertThat(database.queryForLong(
							"SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'zero\\_spring%'")).isZero();
					await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("items").size() == 1);
					database.execute("INSERT INTO items VALUES (2, 'two')", "INSERT INTO private.secret VALUES (2)");
					await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("items").size() == 2);
					await().atMost(Duration.ofSeconds(30))
						.until(() -> zeroCache.queryReplica("SELECT id FROM items WHERE id = 2").contains("2"));
					assertThat(changes.inserted("secret")).as("zero-cache does not sync private.secret").isEmpty();
					assertThat(ZeroCacheObjects.snapshot(database)).isEqualTo(before);
				});
			assertThat(zeroCache.isAlive()).isTrue();
		}
	}

}
