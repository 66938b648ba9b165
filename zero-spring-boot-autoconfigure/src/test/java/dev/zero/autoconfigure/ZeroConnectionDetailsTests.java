package dev.zero.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.AbstractDataSource;

import dev.zero.autoconfigure.ZeroAutoConfiguration.PropertiesZeroConnectionDetails;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.supervisor.ShardState;
import dev.zero.supervisor.ShardStatus;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.Upstream;

import static dev.zero.autoconfigure.ZeroHealthIndicatorTests.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZeroConnectionDetailsTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	/** Nothing listens on port 1: a connection there fails at once. */
	private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/app";

	private static final String REPLICATOR = "zero_ds_replicator";

	private static final String REPLICATOR_PASSWORD = "repl-pw";

	private final ApplicationContextRunner runner = ZeroContexts.runner()
		.withPropertyValues("zero.validation.interval=200ms");

	@BeforeAll
	static void replicatorRole() {
		postgres.createRole(REPLICATOR, "LOGIN SUPERUSER", REPLICATOR_PASSWORD);
	}

	@Test
	void defaultsToTheApplicationsDataSource() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + UNREACHABLE, "spring.datasource.username=app",
					"spring.datasource.password=app-pw")
			.run((context) -> {
				ZeroConnectionDetails details = context.getBean(ZeroConnectionDetails.class);
				assertThat(details).isInstanceOf(PropertiesZeroConnectionDetails.class);
				assertThat(details.getJdbcUrl()).isEqualTo(UNREACHABLE);
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("app-pw");
			});
	}

	@Test
	void aConnectionDetailsBeanReplacesTheDataSourceAndTheUpstreamProperties() {
		TestDatabase database = postgres.database();
		this.runner
			.withPropertyValues("spring.datasource.url=" + UNREACHABLE, "zero.upstream.url=" + UNREACHABLE,
					"zero.upstream.username=app")
			.withBean(ZeroConnectionDetails.class,
					() -> new FixedConnectionDetails(database.jdbcUrl(), REPLICATOR, REPLICATOR_PASSWORD))
			.run((context) -> {
				assertThat(context).hasSingleBean(ZeroConnectionDetails.class)
					.doesNotHaveBean(PropertiesZeroConnectionDetails.class);
				assertThat(context.getBean(Upstream.class).describe()).isEqualTo(upstream(database));
				assertReadyAs(context, REPLICATOR);
			});
	}

	@Test
	void aConnectionDetailsBeanIsEnoughWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZeroAutoConfiguration.class))
			.withBean(ZeroConnectionDetails.class, () -> new FixedConnectionDetails(UNREACHABLE, "app", null))
			.run((context) -> assertThat(context).hasSingleBean(ShardSupervisor.class));
	}

	@Test
	void replicatesFromTheZeroDataSourceWhenTheApplicationHasTwo() {
		this.runner.withUserConfiguration(TwoDataSources.class).run((context) -> {
			Upstream upstream = context.getBean(Upstream.class);
			assertThat(upstream.describe()).isEqualTo(upstream(postgres.database()));
			assertThat(upstream.username()).isEqualTo(REPLICATOR);
			assertReadyAs(context, REPLICATOR);
		});
	}

	@Test
	void withIdleReleaseOnlyTheZeroDataSourceWakesTheListener() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("zero.replication.idle-release=5m", "zero.replication.enabled=false")
			.run((context) -> {
				assertThat(WakingDataSource.of(context.getBean("replicationDataSource"))).isNotNull()
					.satisfies((waking) -> assertThat(waking.wakes()).isTrue());
				assertThat(context.getBean("replicationDataSource")).isInstanceOf(HikariDataSource.class);
				assertThat(WakingDataSource.of(context.getBean("applicationDataSource"))).isNull();
			});
	}

	@Test
	void upstreamPropertiesStillOverrideTheZeroDataSource() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("zero.upstream.username=someone_else")
			.run((context) -> {
				ZeroConnectionDetails details = context.getBean(ZeroConnectionDetails.class);
				assertThat(details.getJdbcUrl()).isEqualTo(postgres.database().jdbcUrl());
				assertThat(details.getUsername()).isEqualTo("someone_else");
				assertThat(details.getPassword()).isEqualTo(REPLICATOR_PASSWORD);
			});
	}

	@Test
	void aDataSourceThatHidesItsUrlFailsStartupNamingTheWaysOut() {
		this.runner.withBean(DataSource.class, OpaqueDataSource::new)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero cannot tell which database to replicate from: no JDBC URL in the "
						+ "DataSource (" + OpaqueDataSource.class.getName() + ")")
				.hasMessageContaining("Set zero.upstream.url")
				.hasMessageContaining("@ZeroDataSource")
				.hasMessageContaining("ZeroConnectionDetails bean"));
		this.runner.withBean(DataSource.class, OpaqueDataSource::new)
			.withPropertyValues("zero.upstream.url=" + UNREACHABLE)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ShardSupervisor.class));
	}

	@Test
	void severalDataSourcesWithoutAPrimaryFailStartupNamingZeroDataSource() {
		this.runner.withBean("one", DataSource.class, () -> hikari(UNREACHABLE, "app", "app-pw"))
			.withBean("two", DataSource.class, () -> hikari(UNREACHABLE, "app", "app-pw"))
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("no JDBC URL in the application: it has several DataSources and none is "
						+ "@Primary or @ZeroDataSource"));
	}

	private static void assertReadyAs(AssertableApplicationContext context, String role) {
		ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
		ShardStatus status = await().atMost(Duration.ofSeconds(30))
			.until(supervisor::status, (current) -> current.state() != ShardState.STARTING);
		assertThat(status.state()).isEqualTo(ShardState.READY);
		assertThat(status.report().check("connection"))
			.hasValueSatisfying((check) -> assertThat(check.found()).endsWith(" as " + role));
	}

	private static HikariDataSource hikari(String url, String username, String password) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(url)
			.username(username)
			.password(password)
			.build();
	}

	record FixedConnectionDetails(String jdbcUrl, String username, String password) implements ZeroConnectionDetails {

		@Override
		public String getJdbcUrl() {
			return this.jdbcUrl;
		}

		@Override
		public String getUsername() {
			return this.username;
		}

		@Override
		public String getPassword() {
			return this.password;
		}

	}

	/**
	 * The application's DataSource, on a database the starter must not replicate from, and
	 * the one it must.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		@Primary
		HikariDataSource applicationDataSource() {
			return hikari(UNREACHABLE, "app", "app-pw");
		}

		@Bean
		@ZeroDataSource
		HikariDataSource replicationDataSource() {
			return hikari(postgres.database().jdbcUrl(), REPLICATOR, REPLICATOR_PASSWORD);
		}

	}

	/** A DataSource that does not say where it connects. */
	static class OpaqueDataSource extends AbstractDataSource {

		@Override
		public Connection getConnection() throws SQLException {
			throw new SQLException("not used");
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			throw new SQLException("not used");
		}

	}

}
