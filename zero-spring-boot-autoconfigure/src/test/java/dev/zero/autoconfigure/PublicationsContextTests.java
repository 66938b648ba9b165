package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.change.ChangeListener;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardDecommission;
import dev.zero.supervisor.ShardState;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publications as an application sees them: provisioned by the shard worker after startup,
 * reported in health, never breaking the application's own writes.
 */
class PublicationsContextTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void twoApplicationInstancesStartingTogetherProvisionOnce() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA twin", "CREATE TABLE twin.a (id bigint PRIMARY KEY)");
		Runnable instance = () -> ZeroContexts.on(database)
			.withPropertyValues("zero.app-id=twin", "zero.publication.schemas=twin")
			.run((context) -> {
				ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.status().state() == ShardState.READY);
			});
		CompletableFuture<Void> first = CompletableFuture.runAsync(instance);
		CompletableFuture<Void> second = CompletableFuture.runAsync(instance);
		CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication WHERE pubname = '_twin_spring_public_0'"))
			.isEqualTo(1);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'twin_spring_0'")).isEqualTo(1);
	}

	@Test
	void tableWithoutPrimaryKeyIsAWarningAndTheApplicationKeepsUpdatingIt() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA loose", "CREATE TABLE loose.note (body text)",
				"INSERT INTO loose.note VALUES ('a')", "CREATE TABLE loose.keyed (id int PRIMARY KEY)");
		ZeroContexts.on(database).withPropertyValues("zero.app-id=loose", "zero.publication.schemas=loose")
			.withBean(ChangeListener.class, () -> (change) -> {
			})
			.run((context) -> {
				ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> indicator.health(true).getStatus(), Status.UP::equals);
				Health health = indicator.health(true);
				assertThat(health.getDetails()).containsEntry("publicationMode", "tables");
				assertThat(health.getDetails().get("checks").toString())
					.contains("replica-identity", "warn", "tables without a replica identity: loose.note",
							"REPLICA IDENTITY FULL");
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.update("UPDATE loose.note SET body = 'b'")).isEqualTo(1);
				assertThat(jdbc.update("DELETE FROM loose.note")).isEqualTo(1);
			});
	}

	@Test
	void aListenerThatNamesATableLeftOutMakesHealthDown() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA named", "CREATE TABLE named.log (msg text)",
				"CREATE TABLE named.keyed (id int PRIMARY KEY)");
		ZeroContexts.on(database).withPropertyValues("zero.app-id=named", "zero.publication.schemas=named")
			.withBean(ChangeListener.class, () -> new ChangeListener() {

				@Override
				public void onChange(dev.zero.change.Change change) {
				}

				@Override
				public dev.zero.change.TableFilter tables() {
					return dev.zero.change.TableFilter.of("named.log", "named.keyed");
				}

			})
			.run((context) -> {
				Health health = awaitChecked(context.getBean(ZeroHealthIndicator.class));
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) health.getDetails().get("reason"))
					.contains("tables that listeners name in tables() are not published: named.log");
			});
	}

	@Test
	void autoReplicaIdentityFixesTheTableAndTurnsUp() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA fixed", "CREATE TABLE fixed.note (body text)",
				"INSERT INTO fixed.note VALUES ('a')");
		ZeroContexts.on(database)
			.withPropertyValues("zero.app-id=fixed", "zero.publication.schemas=fixed",
					"zero.publication.replica-identity=auto")
			.run((context) -> {
				ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> indicator.health(true).getStatus(), Status.UP::equals);
				assertThat(indicator.health(true).getDetails()).containsEntry("publicationMode", "schema");
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.update("UPDATE fixed.note SET body = 'b'")).isEqualTo(1);
			});
	}

	@Test
	void reservedOrHostileAppPublicationNamesFailStartup() {
		ZeroContexts.on(postgres.database()).withPropertyValues("zero.app-publications=_mine").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("zero.app-publications: publication name '_mine' starts with '_'")
				.hasMessageContaining("rejected value [_mine]")
				.hasMessageContaining("reserved");
		});
		ZeroContexts.on(postgres.database())
			.withPropertyValues("zero.app-publications=a\"; DROP TABLE todo; --")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("not a plain SQL identifier"));
	}

	@Test
	void decommissionRemovesTheShardsPublicationAndSchema() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA gone", "CREATE TABLE gone.a (id bigint PRIMARY KEY)");
		ZeroContexts.on(database).withPropertyValues("zero.app-id=gone", "zero.publication.schemas=gone")
			.withBean(ChangeListener.class, () -> (change) -> {
			})
			.run((context) -> {
				ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> supervisor.status().replication().state() == ReplicationState.STREAMING);
				ShardDecommission.Outcome outcome = supervisor.decommission();
				assertThat(outcome.removed()).containsExactly("slot gone_spring_0",
						"event triggers gone_spring_ddl_start_0, gone_spring_ddl_end_0",
						"publication _gone_spring_public_0", "schema gone_spring_0");
				assertThat(outcome.left()).isEmpty();
				assertThat(supervisor.status().state()).isEqualTo(ShardState.DECOMMISSIONED);
				assertThat(context.getBean(ZeroHealthIndicator.class).health(true).getStatus())
					.isEqualTo(Status.OUT_OF_SERVICE);
			});
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication WHERE pubname = '_gone_spring_public_0'"))
			.isZero();
		assertThat(database.queryForLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'gone_spring_0'")).isZero();
		assertThat(database.queryForLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'gone_spring_0'"))
			.isZero();
		assertThat(database.queryForLong("SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'gone%'")).isZero();
	}

	private static Health awaitChecked(ZeroHealthIndicator indicator) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> indicator.health(true), (health) -> health.getDetails().containsKey("publicationMode")
					|| health.getDetails().containsKey("reason"));
	}

}
