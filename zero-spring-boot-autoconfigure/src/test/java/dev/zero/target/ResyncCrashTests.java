package dev.zero.target;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.test.ForkedJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 100,000-row table re-read while a writer updates and deletes random keys at about 500
 * transactions per second, into a mirror kept by a transactional listener in a JVM of its own,
 * which is killed with {@code kill -9} in the middle of the re-sync: the next JVM resumes after
 * the chunks recorded before the kill (it does not read them again), and the mirror ends
 * exactly equal to the table.
 */
class ResyncCrashTests {

	private static final int ROWS = 100_000;

	private static final int CHUNK = 10_000;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.dedicated()
		.build();

	@TempDir
	Path work;

	@Test
	void aReSyncKilledHalfwayResumesAndConvergesExactly() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE big (id bigint PRIMARY KEY, val text NOT NULL)",
				"INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g",
				"CREATE TABLE mirror (id bigint PRIMARY KEY, val text NOT NULL)",
				"CREATE TABLE runs (run int PRIMARY KEY, snapshot_rows bigint NOT NULL)",
				"CREATE PUBLICATION big_pub FOR TABLE big");
		try (Connection connection = database.connect()) {
			new PublicationProvisioner(new PublicationSettings(new ShardId("bigsync", 0), List.of("big_pub"),
					List.of("public"), ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
		ForkedJvm initial = mirror(database, 0);
		await().atMost(Duration.ofSeconds(120)).until(() -> "t".equals(database.queryForString(
				"SELECT synced FROM bigsync_spring_0.replication_state")));
		initial.kill();
		ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
		AtomicLong writes = new AtomicLong();
		try (Connection connection = database.connect();
				PreparedStatement update = connection.prepareStatement("UPDATE big SET val = ? WHERE id = ?");
				PreparedStatement delete = connection.prepareStatement("DELETE FROM big WHERE id = ?")) {
			writer.scheduleAtFixedRate(() -> {
				try {
					long id = 1 + ThreadLocalRandom.current().nextLong(ROWS);
					if (ThreadLocalRandom.current().nextInt(4) == 0) {
						delete.setLong(1, id);
						delete.executeUpdate();
					}
					else {
						update.setString(1, "w" + writes.get());
						update.setLong(2, id);
						update.executeUpdate();
					}
					writes.incrementAndGet();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, 0, 2, TimeUnit.MILLISECONDS);
			ForkedJvm first = mirror(database, 1, "public.big");
			await().atMost(Duration.ofSeconds(120)).until(() -> database.queryForLong(
					"SELECT coalesce(max(chunks), 0) FROM bigsync_spring_0.resync") >= 5);
			first.kill();
			long chunksBefore = database.queryForLong("SELECT chunks FROM bigsync_spring_0.resync");
			assertThat(database.queryForString("SELECT completed_at IS NULL FROM bigsync_spring_0.resync"))
				.as("killed in the middle of the re-sync").isEqualTo("t");
			ForkedJvm second = mirror(database, 2);
			try {
				await().atMost(Duration.ofSeconds(180)).until(() -> "f".equals(database.queryForString(
						"SELECT completed_at IS NULL FROM bigsync_spring_0.resync")));
				writer.shutdown();
				writer.awaitTermination(30, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(120)).until(() -> database.queryForLong(
						"SELECT count(*) FROM ((SELECT * FROM big EXCEPT SELECT * FROM mirror) "
								+ "UNION ALL (SELECT * FROM mirror EXCEPT SELECT * FROM big)) d") == 0);
			}
			finally {
				second.kill();
			}
			long afterKill = database.queryForLong("SELECT snapshot_rows FROM runs WHERE run = 2");
			long remaining = database.queryForLong("SELECT count(*) FROM big WHERE id > (SELECT last_key[1]::bigint "
					+ "FROM bigsync_spring_0.resync)");
			System.out.printf("re-sync killed after %d chunks; the next JVM read %d rows (%d writes meanwhile)%n",
					chunksBefore, afterKill, writes.get());
			assertThat(afterKill).as("rows read after the restart: the chunks recorded before the kill are not read again")
				.isLessThanOrEqualTo(ROWS - chunksBefore * CHUNK + CHUNK)
				.isGreaterThan(0);
			assertThat(remaining).as("the last chunk was read to the end").isZero();
		}
		finally {
			writer.shutdownNow();
		}
	}

	private ForkedJvm mirror(TestDatabase database, int run, String... resync) throws Exception {
		List<String> arguments = new ArrayList<>(List.of(database.jdbcUrl(), database.username(), database.password(),
				"bigsync", "big_pub", Integer.toString(run)));
		arguments.addAll(List.of(resync));
		return ForkedJvm.start(ResyncMirrorMain.class, 256, this.work.resolve("mirror.log"),
				arguments.toArray(String[]::new));
	}

}
