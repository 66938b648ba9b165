package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes are streamed, never collected: a 1,000,000-row transaction, and the initial sync of
 * a 5,000,000-row table, pass through a listener in a JVM with a 256 MB heap.
 */
class BigTransactionTests {

	private static final int ROWS = 1_000_000;

	private static final int SNAPSHOT_ROWS = 5_000_000;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void aMillionRowTransactionPassesThroughAListenerIn256Megabytes() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE big (id bigint PRIMARY KEY, payload text)", "CREATE PUBLICATION pbig FOR TABLE big");
		Shards.provision(database, "big", DdlDetection.RELATION_DIFF, "pbig");
		ReplicationWorker first = Shards.worker(database, "big", Shards.settings("big"),
				() -> List.of(new RecordingListener()), ReplicationMetrics.NONE);
		first.start(List.of("pbig"));
		await().atMost(Duration.ofSeconds(30)).until(() -> first.status().state() == ReplicationState.STREAMING);
		first.stop();
		database.execute("INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g");
		try {
			String output = runCounter(database, "big", "pbig", ROWS);
			assertThat(output).contains("received " + ROWS + " changes").contains("max heap 256 MB");
		}
		finally {
			database.execute("SELECT pg_drop_replication_slot('big')", "DROP TABLE big");
		}
	}

	@Test
	void theInitialSyncOfAFiveMillionRowTablePassesThroughAListenerIn256Megabytes() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE huge (id bigint PRIMARY KEY, payload text)",
				"INSERT INTO huge SELECT g, md5(g::text) FROM generate_series(1, " + SNAPSHOT_ROWS + ") g",
				"CREATE PUBLICATION phuge FOR TABLE huge");
		Shards.provision(database, "huge", DdlDetection.RELATION_DIFF, "phuge");
		try {
			String output = runCounter(database, "huge", "phuge", SNAPSHOT_ROWS, "snapshot");
			assertThat(output).contains("received " + SNAPSHOT_ROWS + " changes").contains("max heap 256 MB");
		}
		finally {
			database.execute("SELECT pg_drop_replication_slot('huge')", "DROP TABLE huge");
		}
	}

	private static String runCounter(TestDatabase database, String appId, String publication, int rows,
			String... mode) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), CountingMain.class.getName(), database.jdbcUrl(),
				database.username(), database.password(), appId, publication, Integer.toString(rows)));
		command.addAll(List.of(mode));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(6, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
