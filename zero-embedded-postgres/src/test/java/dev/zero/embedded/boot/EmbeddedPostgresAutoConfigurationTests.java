package dev.zero.embedded.boot;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.embedded.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@Test
	void runsTheApplicationOnAnEmbeddedLogicalServerWhenNoUrlIsSet() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EmbeddedPostgres.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SHOW wal_level", String.class)).isEqualTo("logical");
			assertThat(jdbc.queryForObject("SHOW server_version_num", Integer.class) / 10000).isEqualTo(17);
		});
	}

	@Test
	void createsTheConfiguredDatabaseOnTheChosenVersion() {
		this.runner.withPropertyValues("zero.embedded-postgres.version=16", "zero.embedded-postgres.database=todo")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo("todo");
				assertThat(jdbc.queryForObject("SHOW server_version_num", Integer.class) / 10000).isEqualTo(16);
			});
	}

	@Test
	void stopsTheServerWithTheContext() {
		EmbeddedPostgres[] server = new EmbeddedPostgres[1];
		this.runner.run((context) -> server[0] = context.getBean(EmbeddedPostgres.class));
		assertThat(server[0].isRunning()).isFalse();
	}

	@Test
	void backsOffWhenADataSourceUrlIsSet() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgres.class));
	}

	@Test
	void backsOffWhenDisabled() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class))
			.withPropertyValues("zero.embedded-postgres.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgres.class));
	}

}
