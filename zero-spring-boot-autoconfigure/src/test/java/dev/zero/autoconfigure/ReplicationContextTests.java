package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replication listener as an application runs it: ChangeListener beans, health, metrics,
 * restarts, and two instances on one slot. Each test uses its own app id (and so its own
 * slot and publication) on a schema of its own.
 */
class ReplicationContextTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static final List<String> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void clear() {
		events.clear();
	}

	@Test
	void listenerBeansReceiveChangesInTheirOrderAndHealthShowsTheStream() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA ordered", "CREATE TABLE ordered.t (id bigint PRIMARY KEY)");
		runner("ordered").withUserConfiguration(OrderedListeners.class).run((context) -> {
			awaitStreaming(context);
			database.execute("INSERT INTO ordered.t VALUES (7)");
			await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 4);
			assertThat(events).containsExactly("first:insert:7", "second:insert:7", "first:commit", "second:commit");
			ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> health.health(true).getDetails().containsKey("lagBytes"));
			Health streaming = health.health(true);
			assertThat(streaming.getStatus()).isEqualTo(Status.UP);
			assertThat(streaming.getDetails()).containsEntry("state", "streaming")
				.containsEntry("slot", "ordered_spring_0")
				.containsKeys("lastCommitLsn", "lastEventAt", "lagBytes", "retainedWalBytes");
		});
	}

	@Test
	void metersCountChangesTransactionsAndMeasureTheSlot() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA metered", "CREATE TABLE metered.t (id bigint PRIMARY KEY)");
		runner("metered").withUserConfiguration(OrderedListeners.class)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					ZeroMetricsAutoConfiguration.class))
			.run((context) -> {
				awaitStreaming(context);
				database.execute("INSERT INTO metered.t VALUES (1), (2)", "DELETE FROM metered.t WHERE id = 1");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> registry.find("zero.replication.transactions").counter() != null
							&& registry.find("zero.replication.transactions").counter().count() >= 2);
				assertThat(registry.get("zero.replication.changes").tag("table", "metered.t").tag("op", "insert")
					.counter().count()).isEqualTo(2);
				assertThat(registry.get("zero.replication.changes").tag("op", "delete").counter().count()).isEqualTo(1);
				assertThat(registry.get("zero.replication.delivery").timer().count()).isGreaterThanOrEqualTo(2);
				assertThat(registry.get("zero.replication.reconnects").counter().count()).isZero();
				assertThat(registry.get("zero.replication.resets").tag("reason", "initial").counter().count()).isEqualTo(1);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !Double.isNaN(registry.get("zero.replication.lag").gauge().value()));
				assertThat(registry.get("zero.slot.retained.wal").gauge().value()).isNotNaN();
			});
	}

	@Test
	void aRestartedApplicationResumesWhereItStoppedAndLosesNothing() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA resumed", "CREATE TABLE resumed.t (id bigint PRIMARY KEY)");
		Lsn[] lastCommit = new Lsn[1];
		runner("resumed").withUserConfiguration(OrderedListeners.class).run((context) -> {
			awaitStreaming(context);
			database.execute("INSERT INTO resumed.t VALUES (1)");
			await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("first:commit"));
			lastCommit[0] = context.getBean(ShardSupervisor.class).status().replication().flushedLsn();
		});
		assertThat(Lsn.parse(database.queryForString(
				"SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'resumed_spring_0'")))
			.as("acknowledged on shutdown")
			.isGreaterThanOrEqualTo(lastCommit[0]);
		database.execute("INSERT INTO resumed.t VALUES (2)", "INSERT INTO resumed.t VALUES (3)");
		events.clear();
		runner("resumed").withUserConfiguration(OrderedListeners.class).run((context) -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().filter("first:commit"::equals).count() == 2);
			assertThat(events.stream().filter((event) -> event.startsWith("first:insert")).toList())
				.containsExactly("first:insert:2", "first:insert:3");
		});
	}

	@Test
	void twoInstancesOnOneSlotOneStreamsTheOtherStandsByAndTakesOver() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA twins", "CREATE TABLE twins.t (id bigint PRIMARY KEY)");
		ApplicationContextRunner runner = runner("twins").withUserConfiguration(OrderedListeners.class);
		runner.run((first) -> {
			awaitStreaming(first);
			runner.run((second) -> {
				ZeroHealthIndicator secondHealth = second.getBean(ZeroHealthIndicator.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> "standby".equals(secondHealth.health(true).getDetails().get("state")));
				Health standby = secondHealth.health(true);
				assertThat(standby.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat((String) standby.getDetails().get("reason")).startsWith("slot held by pid ");
				assertThat(first.getBean(ZeroHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
				first.close();
				await().atMost(Duration.ofSeconds(15))
					.until(() -> secondHealth.health(true).getStatus().equals(Status.UP));
			});
		});
	}

	@Test
	void withoutEventTriggersAndAutoResetOffASchemaChangeTurnsHealthDownWithTheAction() {
		TestDatabase database = postgres.database();
		String role = postgres.createRole(database.name() + "_app", "LOGIN REPLICATION", "app-pw");
		database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO \"" + role + "\"",
				"CREATE SCHEMA plainctx AUTHORIZATION \"" + role + "\"",
				"CREATE TABLE plainctx.t (id bigint PRIMARY KEY)", "ALTER TABLE plainctx.t OWNER TO \"" + role + "\"");
		runner("plainctx").withUserConfiguration(OrderedListeners.class)
			.withPropertyValues("spring.datasource.username=" + role, "spring.datasource.password=app-pw",
					"zero.replication.auto-reset=false")
			.run((context) -> {
				awaitStreaming(context);
				ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
				assertThat(health.health(true).getDetails()).containsEntry("ddlDetection", "relation-diff");
				database.execute("ALTER TABLE plainctx.t ADD COLUMN b int", "INSERT INTO plainctx.t VALUES (1, 1)");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> health.health(true).getStatus(), Status.DOWN::equals);
				Health down = health.health(true);
				assertThat(down.getDetails()).containsEntry("state", "reset-required");
				assertThat((String) down.getDetails().get("reason")).startsWith("reset required: ").contains("plainctx.t");
				assertThat((String) down.getDetails().get("action")).contains("POST /actuator/zero/reset")
					.contains("zero.replication.auto-reset=true");
				context.getBean(ShardSupervisor.class).requestReset();
				await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus(), Status.UP::equals);
				assertThat(health.health(true).getDetails().get("lastReset").toString()).contains("manual");
			});
	}

	@Test
	void replicationCanBeSwitchedOff() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA quiet", "CREATE TABLE quiet.t (id bigint PRIMARY KEY)");
		runner("quiet").withUserConfiguration(OrderedListeners.class)
			.withPropertyValues("zero.replication.enabled=false")
			.run((context) -> {
				ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus(), Status.UP::equals);
				assertThat(health.health(true).getDetails()).containsEntry("state", "ready").doesNotContainKey("slot");
				assertThat(context.getBean(ShardSupervisor.class).replication()).isNull();
			});
		assertThat(database.queryForLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'quiet_spring_0'"))
			.isZero();
	}

	@Test
	void withoutListenerBeansNoSlotIsCreated() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA lonely", "CREATE TABLE lonely.t (id bigint PRIMARY KEY)");
		runner("lonely").run((context) -> {
			ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus(), Status.UP::equals);
			assertThat((String) health.health(true).getDetails().get("replication")).contains("no ChangeListener beans or @ZeroListener methods");
		});
		assertThat(database.queryForLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'lonely_spring_0'"))
			.isZero();
	}

	private static ApplicationContextRunner runner(String appId) {
		return ZeroContexts.on(postgres.database())
			.withPropertyValues("zero.app-id=" + appId, "zero.publication.schemas=" + appId,
					"zero.replication.status-interval=1s");
	}

	private static void awaitStreaming(org.springframework.context.ApplicationContext context) {
		ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> supervisor.status().replication() != null
					&& supervisor.status().replication().state() == ReplicationState.STREAMING);
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListeners {

		@Bean
		@Order(2)
		ChangeListener second() {
			return new NamedListener("second");
		}

		@Bean
		@Order(1)
		ChangeListener first() {
			return new NamedListener("first");
		}

	}

	record NamedListener(String name) implements ChangeListener {

		@Override
		public void onChange(Change change) {
			events.add(this.name + ":" + change.op() + ":"
					+ ((change instanceof Insert insert) ? insert.row().getString("id") : ""));
		}

		@Override
		public void onCommit(Commit commit) {
			events.add(this.name + ":commit");
		}

	}

}
