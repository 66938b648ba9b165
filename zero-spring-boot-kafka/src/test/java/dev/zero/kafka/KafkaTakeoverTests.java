package dev.zero.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.test.ForkedJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two publishing instances of one shard: one leads, the other stands by. When the leader is
 * killed with {@code kill -9} while a writer commits, the standby takes over within 15 seconds,
 * its producer fences the dead leader's (the transactional id's epoch moves on, and the
 * leader's open transaction is aborted), and every committed row is published exactly once.
 */
class KafkaTakeoverTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@TempDir
	Path work;

	@Test
	void theStandbyTakesOverWithin15SecondsAndFencesTheKilledLeader() throws Exception {
		TestDatabase database = postgres.database();
		String app = "takeover";
		database.execute("CREATE TABLE event (seq bigint PRIMARY KEY)", "CREATE PUBLICATION takeover_pub FOR TABLE event");
		PublisherProcesses.provision(database, app);
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong seq = new AtomicLong();
		Thread writer = new Thread(() -> {
			while (writing.get()) {
				database.execute("INSERT INTO event VALUES (" + seq.incrementAndGet() + ")");
			}
		}, "event-writer");
		ForkedJvm leader = PublisherProcesses.start(this.work.resolve("a.log"), database, app, "a");
		ForkedJvm standby = null;
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> log("a.log").contains("state streaming"));
			writer.start();
			standby = PublisherProcesses.start(this.work.resolve("b.log"), database, app, "b");
			await().atMost(Duration.ofSeconds(60)).until(() -> log("b.log").contains("state standby"));
			await().atMost(Duration.ofSeconds(60)).until(() -> PublisherProcesses.events(app).size() > 50);
			short leaderEpoch = producerEpoch(app);
			Thread.sleep(ThreadLocalRandom.current().nextInt(100, 1_000));
			leader.kill();
			long killedAt = System.nanoTime();
			long afterKill = seq.get() + 1;
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> PublisherProcesses.events(app).contains(afterKill));
			System.out.printf("kafka takeover: a row committed after the kill published %d ms after it%n",
					(System.nanoTime() - killedAt) / 1_000_000);
			assertThat(log("b.log")).contains("state streaming");
			assertThat(producerEpoch(app)).as("the transactional id's epoch: the killed leader is fenced")
				.isGreaterThan(leaderEpoch);
			writing.set(false);
			writer.join(30_000);
			long last = seq.get();
			await().atMost(Duration.ofSeconds(30)).until(() -> PublisherProcesses.events(app).contains(last));
			List<Long> published = new ArrayList<>(PublisherProcesses.events(app));
			assertThat(published).doesNotHaveDuplicates();
			published.sort(null);
			assertThat(published).containsExactlyElementsOf(committed(database));
		}
		finally {
			writing.set(false);
			writer.join(30_000);
			leader.kill();
			if (standby != null) {
				standby.kill();
			}
		}
	}

	private String log(String name) throws Exception {
		Path file = this.work.resolve(name);
		return Files.exists(file) ? Files.readString(file) : "";
	}

	private static short producerEpoch(String app) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
			TransactionDescription description = admin.describeTransactions(List.of(app + "-spring-0"))
				.description(app + "-spring-0")
				.get();
			return (short) description.producerEpoch();
		}
	}

	private static List<Long> committed(TestDatabase database) throws Exception {
		List<Long> seqs = new ArrayList<>();
		try (Connection connection = database.connect();
				java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT seq FROM event ORDER BY seq")) {
			while (rows.next()) {
				seqs.add(rows.getLong(1));
			}
		}
		return seqs;
	}

}
