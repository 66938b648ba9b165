package dev.zero.replication;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that shuts down waits for its walsenders' clients to confirm all they were sent. An
 * idle listener, blocked in its read, confirms the server's position through the slot watch,
 * so it never holds up a restart (the server would otherwise wait for its
 * {@code wal_sender_timeout}, a minute).
 */
class IdleRestartTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.dedicated()
		.build();

	@Test
	void anIdleListenerDoesNotHoldUpARestart() throws Exception {
		EmbeddedPostgres server = postgres.embedded();
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE calm (id bigint PRIMARY KEY)", "CREATE TABLE elsewhere (v text)",
				"CREATE PUBLICATION calm_pub FOR TABLE calm");
		Shards.provision(database, "calm", DdlDetection.RELATION_DIFF, "calm_pub");
		RecordingListener listener = new RecordingListener();
		ReplicationWorker worker = Shards.worker(database, "calm", Shards.settings("calm"), () -> List.of(listener),
				ReplicationMetrics.NONE);
		worker.start(List.of("calm_pub"));
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			database.execute("INSERT INTO elsewhere SELECT md5(g::text) FROM generate_series(1, 10000) g");
			long started = System.nanoTime();
			server.restart();
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.println("restart with an idle listener took " + took.toMillis() + " ms");
			assertThat(took).as("restart with an idle listener").isLessThan(Duration.ofSeconds(20));
			database.execute("INSERT INTO calm VALUES (1)");
			await().atMost(Duration.ofSeconds(60)).until(() -> listener.changes().size() == 1);
		}
		finally {
			worker.stop();
		}
	}

}
