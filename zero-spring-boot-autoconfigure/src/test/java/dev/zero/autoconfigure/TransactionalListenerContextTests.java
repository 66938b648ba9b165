package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Reset;
import dev.zero.change.ZeroListener;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardDecommission;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transactional listeners as an application has them: {@code @ZeroListener(transactional =
 * true)} methods writing through a {@link JdbcTemplate} in the transaction the starter opens
 * on the application's transaction manager.
 */
class TransactionalListenerContextTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static final List<String> events = new CopyOnWriteArrayList<>();

	static final AtomicInteger failures = new AtomicInteger();

	@AfterEach
	void clear() {
		events.clear();
		failures.set(0);
	}

	@Test
	void aListenerThatThrowsLeavesNoEffectOfTheTransactionUntilTheRetrySucceedsThenExactlyOne() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA txfail", "CREATE TABLE txfail.t (id bigint PRIMARY KEY)",
				"CREATE SCHEMA txfail_effects", "CREATE TABLE txfail_effects.e (id bigint)");
		runner("txfail").withUserConfiguration(FailingOnTheThirdChange.class, Observed.class).run((context) -> {
			awaitStreaming(context);
			database.execute("INSERT INTO txfail.t SELECT generate_series(1, 5)");
			List<Long> seen = new CopyOnWriteArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				long count = database.queryForLong("SELECT count(*) FROM txfail_effects.e");
				seen.add(count);
				return count == 5;
			});
			assertThat(failures).as("the listener threw on the third change").hasValue(1);
			assertThat(seen).as("effects seen while the transaction failed and was retried").containsOnly(0L, 5L);
			assertThat(database.queryForLong("SELECT count(DISTINCT id) FROM txfail_effects.e")).isEqualTo(5);
			TestObservationRegistry observations = context.getBean(TestObservationRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(observations).hasAnObservation((target) -> target
					.hasNameEqualTo("zero.target")
					.hasLowCardinalityKeyValue("outcome", "commit")
					.hasHighCardinalityKeyValueWithKey("zero.lsn")));
			assertThat(observations)
				.hasAnObservation((listener) -> listener.hasNameEqualTo("zero.listener")
					.hasContextualNameEqualTo("failingListener.on receive")
					.hasLowCardinalityKeyValue("zero.app", "txfail")
					.hasLowCardinalityKeyValue("zero.listener", "failingListener.on")
					.hasLowCardinalityKeyValue("zero.table", "txfail.t")
					.hasLowCardinalityKeyValue("zero.operation", "insert")
					.hasLowCardinalityKeyValue("outcome", "failure")
					.hasLowCardinalityKeyValue("error", "IllegalStateException")
					.hasHighCardinalityKeyValueWithKey("zero.lsn")
					.hasHighCardinalityKeyValueWithKey("zero.xid")
					.hasParentObservationContextMatching(
							(parent) -> "zero.target".equals(((Observation.ContextView) parent).getName())))
				.hasAnObservation((listener) -> listener.hasNameEqualTo("zero.listener")
					.hasLowCardinalityKeyValue("outcome", "success")
					.hasLowCardinalityKeyValue("error", "none"))
				.hasAnObservation((target) -> target.hasNameEqualTo("zero.target")
					.hasContextualNameEqualTo("database transaction")
					.hasLowCardinalityKeyValue("zero.app", "txfail")
					.hasLowCardinalityKeyValue("zero.target", "database")
					.hasLowCardinalityKeyValue("outcome", "rollback")
					.hasLowCardinalityKeyValue("error", "IllegalStateException"))
				.hasAnObservation((target) -> target.hasNameEqualTo("zero.target")
					.hasLowCardinalityKeyValue("outcome", "commit")
					.hasLowCardinalityKeyValue("error", "none"));
		});
	}

	@Test
	void writesOfTransactionalListenersAreNotDeliveredBackByDefault() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA echo_off", "CREATE TABLE echo_off.todo (id bigint PRIMARY KEY)",
				"CREATE TABLE echo_off.audit (id bigint PRIMARY KEY)");
		runner("echo_off").withUserConfiguration(Auditing.class)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					ZeroMetricsAutoConfiguration.class, ZeroEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=zero")
			.run((context) -> {
				awaitStreaming(context);
				Lsn before = Lsn.parse(database.queryForString("SELECT pg_current_wal_lsn()"));
				database.execute("INSERT INTO echo_off.todo VALUES (1)", "INSERT INTO echo_off.todo VALUES (2)");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> database.queryForLong("SELECT count(*) FROM echo_off.audit") == 2);
				assertTargetProgress(context, before);
				database.execute("INSERT INTO echo_off.todo VALUES (3)");
				await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("plain:echo_off.todo:3"));
				assertThat(events).containsExactly("plain:echo_off.todo:1", "plain:echo_off.todo:2",
						"plain:echo_off.todo:3");
			});
	}

	@Test
	void writesOfTransactionalListenersAreDeliveredWhenAskedFor() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA echo_on", "CREATE TABLE echo_on.todo (id bigint PRIMARY KEY)",
				"CREATE TABLE echo_on.audit (id bigint PRIMARY KEY)");
		runner("echo_on").withUserConfiguration(Auditing.class)
			.withPropertyValues("zero.replication.transactional.deliver-own-writes=true")
			.run((context) -> {
				awaitStreaming(context);
				database.execute("INSERT INTO echo_on.todo VALUES (1)");
				await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("plain:echo_on.audit:1"));
				assertThat(events).containsExactly("plain:echo_on.todo:1", "plain:echo_on.audit:1");
			});
	}

	@Test
	void theResetAndTheSnapshotRowsRunInsideTransactions() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA resetting", "CREATE TABLE resetting.t (id bigint PRIMARY KEY)",
				"INSERT INTO resetting.t SELECT generate_series(1, 25)");
		runner("resetting").withUserConfiguration(ResetRecording.class)
			.withPropertyValues("zero.replication.transactional.snapshot-chunk=10")
			.run((context) -> {
				awaitStreaming(context);
				database.execute("INSERT INTO resetting.t VALUES (100)");
				await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("insert:100:true"));
				assertThat(events.get(0)).isEqualTo("reset:true");
				assertThat(events).hasSize(27).allSatisfy((event) -> assertThat(event).endsWith(":true"));
				assertThat(database.queryForLong("SELECT count(*) FROM pg_replication_origin_status s "
						+ "JOIN pg_replication_origin o ON o.roident = s.local_id "
						+ "WHERE o.roname = 'zero-spring-boot-starter/resetting/0' AND s.remote_lsn > '0/0'"))
					.as("the superuser's position is in a replication origin")
					.isEqualTo(1);
				ShardDecommission.Outcome outcome = context.getBean(ShardSupervisor.class).decommission();
				assertThat(outcome.removed()).contains("replication origin zero-spring-boot-starter/resetting/0");
			});
		assertThat(database.queryForLong(
				"SELECT count(*) FROM pg_replication_origin WHERE roname = 'zero-spring-boot-starter/resetting/0'"))
			.isZero();
	}

	@Test
	void aTransactionalListenerWithoutATransactionManagerFailsStartupSayingWhatIsMissing() {
		ZeroContexts.on(postgres.database())
			.withPropertyValues("zero.app-id=notx", "zero.publication.schemas=notx")
			.withUserConfiguration(ResetRecording.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("transactional listeners (@ZeroListener(transactional = true)) need one "
						+ "PlatformTransactionManager bean")
				.hasMessageContaining("there is none"));
	}

	private static ApplicationContextRunner runner(String appId) {
		return ZeroContexts.on(postgres.database())
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("zero.app-id=" + appId, "zero.publication.schemas=" + appId,
					"zero.replication.status-interval=1s");
	}

	/**
	 * The database target's committed position, past {@code before} once it committed what was
	 * written after it, is in health, the endpoint and the gauge.
	 */
	private static void assertTargetProgress(ApplicationContext context, Lsn before) {
		ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<?, ?> targets = (Map<?, ?>) health.health(true).getDetails().get("targets");
			assertThat(targets).isNotNull();
			@SuppressWarnings("unchecked")
			Map<String, Object> database = (Map<String, Object>) targets.get("database");
			assertThat(database).containsOnlyKeys("committedLsn", "lagBytes");
			assertThat(Lsn.parse((String) database.get("committedLsn"))).isGreaterThan(before);
		});
		ZeroEndpoint.ReplicationView replication = context.getBean(ZeroEndpoint.class).report().replication();
		assertThat(replication.targets()).singleElement().satisfies((target) -> {
			assertThat(target.name()).isEqualTo("database");
			assertThat(target.committedLsn()).isNotNull();
			assertThat(target.lagBytes()).isNotNull().isNotNegative();
		});
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(registry.get("zero.target.lag").tag("target", "database").tag("app", "echo_off").gauge().value())
			.isNotNaN()
			.isNotNegative();
	}

	private static void awaitStreaming(ApplicationContext context) {
		ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> supervisor.status().replication() != null
					&& supervisor.status().replication().state() == ReplicationState.STREAMING);
	}

	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingOnTheThirdChange {

		@Bean
		Object failingListener(JdbcTemplate jdbc) {
			return new Object() {

				private int changes;

				@ZeroListener(tables = "txfail.t", transactional = true)
				void on(Insert insert) {
					jdbc.update("INSERT INTO txfail_effects.e VALUES (?)", insert.row().getLong("id"));
					if (++this.changes == 3 && failures.getAndIncrement() == 0) {
						throw new IllegalStateException("the third change fails once");
					}
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Auditing {

		@Bean
		Object auditor(JdbcTemplate jdbc) {
			return new Object() {

				@ZeroListener(ops = Change.Op.INSERT, transactional = true)
				void on(Insert insert) {
					if (insert.table().name().equals("todo") && !insert.snapshot()) {
						jdbc.update("INSERT INTO " + insert.table().schema() + ".audit VALUES (?)",
								insert.row().getLong("id"));
					}
				}

			};
		}

		@Bean
		ChangeListener plain() {
			return (change) -> {
				if (change instanceof Insert insert) {
					events.add("plain:" + insert.table() + ":" + insert.row().getLong("id"));
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ResetRecording {

		@Bean
		ChangeListener resetRecording() {
			return new TransactionalRecorder();
		}

	}

	@ZeroListener(transactional = true)
	static class TransactionalRecorder implements ChangeListener {

		@Override
		public void onReset(Reset reset) {
			events.add("reset:" + TransactionSynchronizationManager.isActualTransactionActive());
		}

		@Override
		public void onChange(Change change) {
			if (change instanceof Insert insert) {
				events.add("insert:" + insert.row().getLong("id") + ":"
						+ TransactionSynchronizationManager.isActualTransactionActive());
			}
		}

	}

}
