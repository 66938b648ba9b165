package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledgements reach the server promptly (coalesced to about every 100 ms while busy), so
 * that a JVM killed with {@code kill -9} gets delivered again only what it handled in its
 * last moments, not a whole status interval (10 s here) of transactions.
 */
class PromptAcknowledgementTests {

	private static final int TRANSACTIONS = 2_000;

	private static final int PER_SECOND = 200;

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@TempDir
	Path work;

	@Test
	void afterKillMinus9OnlyTheLastMomentsAreDeliveredAgain() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE acked (id bigint PRIMARY KEY)", "CREATE PUBLICATION acked_pub FOR TABLE acked");
		Shards.provision(database, "acked", DdlDetection.RELATION_DIFF, "acked_pub");
		Path record = this.work.resolve("handled.txt");
		Process first = recorder(database, record);
		await().atMost(Duration.ofSeconds(60)).until(() -> database.queryForLong(
				"SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'acked' AND active") == 1);
		AtomicLong next = new AtomicLong();
		ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
		try (Connection connection = database.connect();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO acked VALUES (?)")) {
			ScheduledFuture<?> writing = writer.scheduleAtFixedRate(() -> {
				long id = next.incrementAndGet();
				if (id > TRANSACTIONS) {
					throw new IllegalStateException("done");
				}
				try {
					insert.setLong(1, id);
					insert.executeUpdate();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, 0, 1_000_000 / PER_SECOND, TimeUnit.MICROSECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> handled(record).size() >= 800);
			first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			Process second = recorder(database, record);
			try {
				await().atMost(Duration.ofSeconds(120)).until(writing::isDone);
				await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(handled(record)).size() == TRANSACTIONS);
			}
			finally {
				second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		finally {
			writer.shutdownNow();
		}
		List<Long> handled = handled(record);
		Set<Long> distinct = new HashSet<>(handled);
		assertThat(distinct).hasSize(TRANSACTIONS);
		int again = handled.size() - distinct.size();
		System.out.printf("delivered twice after kill -9 at %d tx/s: %d transactions%n", PER_SECOND, again);
		// the last second before the kill at most (200 transactions), plus what was in flight
		assertThat(again).as("transactions delivered twice").isLessThanOrEqualTo(PER_SECOND + 50);
	}

	private static Process recorder(TestDatabase database, Path record) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				DurableRecorderMain.class.getName(), database.jdbcUrl(), database.username(), database.password(),
				"acked", "acked_pub", record.toString())
			.redirectErrorStream(true)
			.redirectOutput(record.resolveSibling("recorder.log").toFile())
			.start();
		process.getOutputStream().close();
		return process;
	}

	private static List<Long> handled(Path record) throws Exception {
		if (!Files.exists(record)) {
			return List.of();
		}
		return Files.readAllLines(record, StandardCharsets.US_ASCII)
			.stream()
			.filter((line) -> !line.isBlank())
			.map(Long::parseLong)
			.toList();
	}

}
