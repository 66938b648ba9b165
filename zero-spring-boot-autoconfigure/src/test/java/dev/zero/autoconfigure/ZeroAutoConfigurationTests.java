package dev.zero.autoconfigure;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.replication.ReplicationSettings;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.Upstream;
import dev.zero.upstream.UpstreamValidator;

import static org.assertj.core.api.Assertions.assertThat;

class ZeroAutoConfigurationTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final AutoConfigurations ACTUATOR_CONTRIBUTIONS = AutoConfigurations
		.of(ZeroEndpointAutoConfiguration.class, ZeroMetricsAutoConfiguration.class);

	private final ApplicationContextRunner runner = ZeroContexts.runner()
		.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app",
				"spring.datasource.username=app", "spring.datasource.password=s3cret-pw");

	@Test
	void runsTheShardWorkerOnTheApplicationsDataSource() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ShardSupervisor.class).hasSingleBean(ZeroHealthIndicator.class);
			Upstream upstream = context.getBean(Upstream.class);
			assertThat(upstream.describe()).isEqualTo("127.0.0.1:1/app");
			assertThat(upstream.username()).isEqualTo("app");
			assertThat(context.getBean(ShardSupervisor.class).isRunning()).isTrue();
		});
	}

	@Test
	void stopsTheShardWorkerWithTheContext() {
		ShardSupervisor[] supervisor = new ShardSupervisor[1];
		this.runner.run((context) -> supervisor[0] = context.getBean(ShardSupervisor.class));
		assertThat(supervisor[0].isRunning()).isFalse();
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("zero.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ShardSupervisor.class)
				.doesNotHaveBean(ZeroHealthIndicator.class));
	}

	@Test
	void backsOffWithoutADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ZeroAutoConfiguration.class, ZeroHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ShardSupervisor.class)
				.doesNotHaveBean(ZeroHealthIndicator.class));
	}

	@Test
	void contributesHealthEndpointAndMetricsWithActuator() {
		this.runner.withConfiguration(ACTUATOR_CONTRIBUTIONS)
			.withPropertyValues("management.endpoints.web.exposure.include=zero")
			.run((context) -> assertThat(context).hasSingleBean(ZeroHealthIndicator.class)
				.hasSingleBean(ZeroEndpoint.class)
				.hasSingleBean(ZeroMetrics.class));
	}

	@Test
	void worksWithoutActuatorOnTheClasspath() {
		this.runner.withConfiguration(ACTUATOR_CONTRIBUTIONS)
			.withPropertyValues("management.endpoints.web.exposure.include=zero")
			.withClassLoader(ZeroContexts.withoutActuator())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ShardSupervisor.class)
				.hasSingleBean(ZeroLifecycle.class)
				.doesNotHaveBean(ZeroHealthIndicator.class)
				.doesNotHaveBean(ZeroEndpoint.class)
				.doesNotHaveBean(ZeroMetrics.class));
	}

	@Test
	void recordsMetricsWithMicrometerAloneButNoHealthOrEndpoint() {
		this.runner.withConfiguration(ACTUATOR_CONTRIBUTIONS)
			.withPropertyValues("management.endpoints.web.exposure.include=zero")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ZeroMetrics.class)
				.doesNotHaveBean(ZeroHealthIndicator.class)
				.doesNotHaveBean(ZeroEndpoint.class));
	}

	@Test
	void stopsWithinBootsTimeoutPerShutdownPhase() {
		Duration bootsDefault = new LifecycleProperties().getTimeoutPerShutdownPhase();
		this.runner.run((context) -> assertStopTimeout(context, bootsDefault));
		this.runner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s")
			.run((context) -> assertStopTimeout(context, Duration.ofSeconds(5)));
	}

	private static void assertStopTimeout(AssertableApplicationContext context, Duration timeout) {
		assertThat(context.getBean(ZeroLifecycle.class)).hasFieldOrPropertyWithValue("stopTimeout", timeout);
		assertThat(context.getBean(ShardSupervisor.class)).hasFieldOrPropertyWithValue("stopTimeout", timeout);
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.zero.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ShardSupervisor.class)
				.doesNotHaveBean(ZeroHealthIndicator.class));
	}

	@Test
	void invalidAppIdFailsStartupNamingThePropertyTheValueAndTheRule() {
		this.runner.withPropertyValues("zero.app-id=My-App").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("zero.app-id: app id 'My-App' is not allowed")
				.hasMessageContaining("rejected value [My-App]")
				.hasMessageContaining("only lower-case letters, digits and '_'");
		});
	}

	@Test
	void appIdThatWouldNameAReservedSchemaFailsStartup() {
		this.runner.withPropertyValues("zero.app-id=pg_x").run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("zero.app-id: app id 'pg_x' is not allowed: it would name the schema pg_x_spring_0")
			.hasMessageContaining("reserves names starting with pg_"));
	}

	@Test
	void systemSchemasCannotBePublished() {
		this.runner.withPropertyValues("zero.publication.schemas=public,pg_catalog,information_schema")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.publication.schemas: schema 'pg_catalog' is a system schema")
				.hasMessageContaining("zero.publication.schemas: schema 'information_schema' is a system schema"));
	}

	@Test
	void negativeShardNumberFailsStartup() {
		this.runner.withPropertyValues("zero.shard-num=-1")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.shard-num")
				.hasMessageContaining("0 or more"));
	}

	@Test
	void initialSyncParallelismIsOnePerProcessorUnlessSetAlsoThroughItsDeprecatedNames() {
		this.runner.run((context) -> assertThat(workerSettings(context).parallelism())
			.isEqualTo(Runtime.getRuntime().availableProcessors()));
		this.runner.withPropertyValues("zero.replication.initial-sync.parallelism=6")
			.run((context) -> assertThat(workerSettings(context).parallelism()).isEqualTo(6));
		this.runner.withPropertyValues("zero.initial-sync.parallelism=5")
			.run((context) -> assertThat(workerSettings(context).parallelism()).isEqualTo(5));
		this.runner.withPropertyValues("zero.initial-sync.table-copy-workers=3")
			.run((context) -> assertThat(workerSettings(context).parallelism()).isEqualTo(3));
		this.runner.withPropertyValues("zero.replication.initial-sync.parallelism=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.replication.initial-sync.parallelism: must be at least 1"));
		this.runner.withPropertyValues("zero.initial-sync.parallelism=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.initial-sync.parallelism: must be at least 1"));
	}

	private static ReplicationSettings workerSettings(AssertableApplicationContext context) {
		return context.getBean(ShardSupervisor.class).replication().settings();
	}

	@Test
	void nonPositiveTimeoutsFailStartupNamingTheProperty() {
		for (String property : List.of("zero.upstream.connect-timeout", "zero.upstream.query-timeout",
				"zero.validation.ready-interval", "zero.replication.stream-timeout", "zero.replication.idle-release")) {
			this.runner.withPropertyValues(property + "=0s")
				.run((context) -> assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining(property + ": must be positive"));
		}
	}

	@Test
	void keepaliveTimesUnderASecondFailStartupNamingTheProperty() {
		for (String property : List.of("zero.upstream.tcp-keepalive-idle", "zero.upstream.tcp-keepalive-interval")) {
			this.runner.withPropertyValues(property + "=500ms")
				.run((context) -> assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining(property + ": must be at least 1s"));
		}
		this.runner.withPropertyValues("zero.upstream.tcp-keepalive-count=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.upstream.tcp-keepalive-count: must be at least 1"));
	}

	@Test
	void idleReleaseIsOffByDefaultAndLeavesTheDataSourceAlone() {
		this.runner.run((context) -> {
			assertThat(workerSettings(context).idleRelease()).isNull();
			assertThat(workerSettings(context).idleWakeInterval()).isNull();
			assertThat(WakingDataSource.of(context.getBean(DataSource.class))).isNull();
		});
	}

	@Test
	void idleReleaseReachesTheWorkerAndTheApplicationsDataSourceWakesIt() {
		this.runner.withPropertyValues("zero.replication.idle-release=5m").run((context) -> {
			assertThat(workerSettings(context).idleRelease()).isEqualTo(Duration.ofMinutes(5));
			assertThat(workerSettings(context).idleWakeInterval()).isEqualTo(Duration.ofHours(1));
			assertThat(context.getBean(UpstreamValidator.class).settings().idleRelease())
				.isEqualTo(Duration.ofMinutes(5));
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(WakingDataSource.of(dataSource)).isNotNull().satisfies((waking) -> assertThat(waking.wakes()).isTrue());
			assertThat(dataSource).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.unwrap(HikariDataSource.class)).isNotNull();
			assertThat(DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class))
				.isNotNull();
		});
	}

	@Test
	void aDataSourceThatIsNotTheUpstreamIsNotWrapped() {
		this.runner
			.withPropertyValues("zero.replication.idle-release=5m",
					"zero.upstream.url=jdbc:postgresql://db.internal:5433/app")
			.run((context) -> assertThat(WakingDataSource.of(context.getBean(DataSource.class))).isNull());
	}

	@Test
	void aNonPositiveIdleWakeIntervalFailsStartupWhenIdleReleaseIsOn() {
		this.runner.withPropertyValues("zero.replication.idle-release=5m", "zero.replication.idle-wake-interval=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.replication.idle-wake-interval: must be positive"));
	}

	@Test
	void theStreamTimeoutReachesTheWorker() {
		this.runner.withPropertyValues("zero.replication.stream-timeout=7s")
			.run((context) -> assertThat(context.getBean(ShardSupervisor.class).replication().settings().streamTimeout())
				.isEqualTo(Duration.ofSeconds(7)));
	}

	@Test
	void checkConnectionsWaitAtMostTheQueryTimeout() {
		ZeroContexts.on(postgres.database()).withPropertyValues("zero.upstream.query-timeout=1500ms").run((context) -> {
			try (Connection connection = context.getBean(Upstream.class).connect()) {
				assertThat(connection.getNetworkTimeout()).isEqualTo(1500);
			}
		});
	}

	@Test
	void upstreamUrlReplacesTheDataSourceAndKeepsItsCredentialsUnlessGiven() {
		this.runner.withPropertyValues("zero.upstream.url=jdbc:postgresql://db.internal:5433/app?sslmode=disable")
			.run((context) -> {
				Upstream upstream = context.getBean(Upstream.class);
				assertThat(upstream.describe()).isEqualTo("db.internal:5433/app");
				assertThat(upstream.username()).isEqualTo("app");
				assertThat(upstream.urlParameter("sslmode")).isEqualTo("disable");
			});
		this.runner
			.withPropertyValues("zero.upstream.url=jdbc:postgresql://db.internal:5433/app",
					"zero.upstream.username=replicator")
			.run((context) -> assertThat(context.getBean(Upstream.class).username()).isEqualTo("replicator"));
	}

	@Test
	void upstreamUrlAloneIsEnoughWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZeroAutoConfiguration.class))
			.withPropertyValues("zero.upstream.url=jdbc:postgresql://127.0.0.1:1/app")
			.run((context) -> assertThat(context).hasSingleBean(ShardSupervisor.class));
	}

}
