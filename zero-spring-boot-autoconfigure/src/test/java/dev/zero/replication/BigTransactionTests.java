package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes are streamed, never collected per transaction: a 1,000,000-row transaction passes
 * through a listener in a JVM with a 256 MB heap.
 */
class BigTransactionTests {

	private static final int ROWS = 1_000_000;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void aMillionRowTransactionPassesThroughAListenerIn256Megabytes() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE big (id bigint PRIMARY KEY, payload text)", "CREATE PUBLICATION pbig FOR TABLE big",
				"SELECT pg_create_logical_replication_slot('big', 'pgoutput')",
				"INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g");
		try {
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp",
					System.getProperty("java.class.path"), CountingMain.class.getName(), database.jdbcUrl(),
					database.username(), database.password(), "big", "pbig", Integer.toString(ROWS)))
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(6, TimeUnit.MINUTES)).isTrue();
			assertThat(output).contains("received " + ROWS + " changes").contains("max heap 256 MB");
			assertThat(process.exitValue()).as(output).isZero();
		}
		finally {
			database.execute("SELECT pg_drop_replication_slot('big')");
		}
	}

}
