package dev.zero.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zero.change.ChangeListener;
import dev.zero.change.ResetReason;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationMode;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hosted path: a non-superuser that owns its tables, so no schema-wide publication and no
 * event triggers. A table created with rows is published by the next provisioning round, and
 * its rows reach listeners, re-read on their own while streaming (no reset of the other
 * tables), while the application runs and across a restart.
 */
class TableByTableNewTablesTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static String owner;

	@BeforeAll
	static void owner() {
		TestDatabase database = postgres.database();
		owner = postgres.createRole(database.name() + "_hosted", "LOGIN REPLICATION", "hosted-pw");
		database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO \"" + owner + "\"",
				"CREATE SCHEMA hosted AUTHORIZATION \"" + owner + "\"");
	}

	@Test
	void aTableCreatedWithRowsReachesListenersWhileStreamingAndAcrossARestart() {
		TestDatabase database = postgres.database();
		asOwner(database, "CREATE TABLE hosted.a (id int PRIMARY KEY)", "INSERT INTO hosted.a VALUES (1)");
		ZeroCacheNeighbourTests.Changes changes = new ZeroCacheNeighbourTests.Changes();
		context(database, changes).run((context) -> {
			ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING);
			assertThat(supervisor.status().publications().mode()).isEqualTo(PublicationMode.TABLES);
			assertThat(supervisor.status().publications().ddlDetection()).isEqualTo(DdlDetection.RELATION_DIFF);
			asOwner(database, "CREATE TABLE hosted.gap (id int PRIMARY KEY, v text)",
					"INSERT INTO hosted.gap VALUES (1, 'a'), (2, 'b'), (3, 'c')");
			await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("gap").size() == 3);
			assertThat(changes.resets).as("the new table is re-read on its own, the others are not read again")
				.extracting((reset) -> reset.reason())
				.containsExactly(ResetReason.INITIAL);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> supervisor.status().replication().resyncProgress()
					.stream()
					.anyMatch((progress) -> progress.table().name().equals("gap") && progress.done()
							&& progress.rowsCopied() == 3));
			asOwner(database, "CREATE TABLE hosted.empty (id int PRIMARY KEY)");
			await().atMost(Duration.ofSeconds(30)).until(() -> database.queryForLong(
					"SELECT count(*) FROM pg_publication_tables WHERE tablename = 'empty'") == 1);
			asOwner(database, "INSERT INTO hosted.empty VALUES (1)");
			await().atMost(Duration.ofSeconds(30)).until(() -> changes.inserted("empty").size() == 1);
			assertThat(changes.resets).as("an empty table needs no reset").hasSize(1);
		});
		asOwner(database, "CREATE TABLE hosted.later (id int PRIMARY KEY)", "INSERT INTO hosted.later VALUES (1), (2)");
		ZeroCacheNeighbourTests.Changes restarted = new ZeroCacheNeighbourTests.Changes();
		context(database, restarted).run((context) -> {
			await().atMost(Duration.ofSeconds(60)).until(() -> restarted.inserted("later").size() == 2);
			assertThat(restarted.resets).as("no reset after the restart either").isEmpty();
		});
	}

	private static ApplicationContextRunner context(TestDatabase database, ZeroCacheNeighbourTests.Changes changes) {
		return ZeroContexts.on(database)
			.withPropertyValues("spring.datasource.username=" + owner, "spring.datasource.password=hosted-pw",
					"zero.app-id=hosted", "zero.publication.schemas=hosted")
			.withBean(ChangeListener.class, () -> changes);
	}

	private static void asOwner(TestDatabase database, String... statements) {
		String[] all = new String[statements.length + 1];
		all[0] = "SET ROLE \"" + owner + "\"";
		System.arraycopy(statements, 0, all, 1, statements.length);
		database.execute(all);
	}

}
