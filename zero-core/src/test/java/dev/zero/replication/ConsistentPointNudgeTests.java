package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On PostgreSQL 16+, a slot created while transactions overlap without pause (about 200 a
 * second) reaches its consistent point within two seconds, with running-transactions records
 * written on demand; a role that may not write them is not asked to.
 */
class ConsistentPointNudgeTests {

	/** Writers, each committing a transaction of about 20 ms after another: about 200 per second. */
	private static final int WRITERS = 4;

	@RegisterExtension
	static final PostgresExtension postgres16 = PostgresExtension.builder()
		.version(16)
		.setting("wal_level", "logical")
		.build();

	@RegisterExtension
	static final PostgresExtension postgres17 = PostgresExtension.builder()
		.version(17)
		.setting("wal_level", "logical")
		.build();

	@RegisterExtension
	static final PostgresExtension postgres18 = PostgresExtension.builder()
		.version(18)
		.setting("wal_level", "logical")
		.build();

	static Stream<Arguments> versionsWithStandbySnapshots() {
		return Stream.of(Arguments.of(16, postgres16), Arguments.of(17, postgres17), Arguments.of(18, postgres18));
	}

	@ParameterizedTest(name = "PostgreSQL {0}")
	@MethodSource("versionsWithStandbySnapshots")
	void createsASlotUnderOverlappingTransactionsWithinTwoSeconds(int version, PostgresExtension postgres)
			throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE IF NOT EXISTS busy (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
		Upstream upstream = Shards.upstream(database);
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger committed = new AtomicInteger();
		List<CompletableFuture<Void>> writers = new ArrayList<>();
		for (int i = 0; i < WRITERS; i++) {
			writers.add(CompletableFuture.runAsync(() -> write(database, writing, committed)));
		}
		try (Connection monitor = upstream.connect(); Connection replication = upstream.connectForStreaming()) {
			// the writers are under way, some transaction is always open
			await().until(() -> committed.get() >= 2 * WRITERS);
			long started = System.nanoTime();
			try (ConsistentPointNudge nudge = ConsistentPointNudge.start(monitor, version)) {
				assertThat(nudge.active()).isTrue();
				new ReplicationSlot("nudged_" + version).create(replication, version, false, true);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			int during = committed.get();
			assertThat(took).as("slot creation under %d writers", WRITERS).isLessThan(Duration.ofSeconds(2));
			assertThat(during).isGreaterThan(2 * WRITERS);
		}
		finally {
			writing.set(false);
			CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).get(1, TimeUnit.MINUTES);
			database.execute("SELECT pg_drop_replication_slot('nudged_" + version + "')");
		}
	}

	@Test
	void doesNotNudgeForARoleThatMayNot() throws SQLException {
		TestDatabase database = postgres17.database();
		postgres17.createRole("no_nudge", "LOGIN REPLICATION", "no-nudge");
		try (Connection connection = database.connect("no_nudge", "no-nudge");
				ConsistentPointNudge nudge = ConsistentPointNudge.start(connection, 17)) {
			assertThat(nudge.active()).isFalse();
		}
	}

	/** Commits transactions that each hold a row for 20 ms, one after another, until told to stop. */
	private static void write(TestDatabase database, AtomicBoolean writing, AtomicInteger committed) {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			while (writing.get()) {
				statement.execute("BEGIN");
				statement.execute("INSERT INTO busy DEFAULT VALUES");
				statement.execute("SELECT pg_sleep(0.02)");
				statement.execute("COMMIT");
				committed.incrementAndGet();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
