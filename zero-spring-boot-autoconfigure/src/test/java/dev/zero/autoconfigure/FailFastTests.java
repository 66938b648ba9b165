package dev.zero.autoconfigure;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.supervisor.ShardNotReadyException;
import dev.zero.upstream.LoopbackServer;

import static dev.zero.autoconfigure.ZeroHealthIndicatorTests.MISSING_DATABASE;
import static dev.zero.autoconfigure.ZeroHealthIndicatorTests.assertNoCredentials;
import static dev.zero.autoconfigure.ZeroHealthIndicatorTests.upstream;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FailFastTests {

	@RegisterExtension
	static final PostgresExtension replica = PostgresExtension.builder()
		.version(17)
		.setting("wal_level", "replica")
		.build();

	@RegisterExtension
	static final PostgresExtension logical = PostgresExtension.logical();

	@Test
	void failsStartupWithWhatWasFoundAndTheFix() {
		ZeroContexts.on(replica.database()).withPropertyValues("zero.validation.fail-fast=true").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).hasRootCauseInstanceOf(ShardNotReadyException.class);
			FailureAnalysis analysis = new ShardNotReadyFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("is not ready for logical replication")
				.contains("wal-level: wal_level is replica; logical replication needs logical")
				.doesNotContain(replica.database().password() + "@");
			assertThat(analysis.getAction()).contains("ALTER SYSTEM SET wal_level = 'logical';")
				.contains("zero.validation.fail-fast=false");
		});
	}

	@Test
	void failsStartupAndLogsTheReportWithoutActuator(CapturedOutput output) {
		ZeroContexts.on(replica.database())
			.withPropertyValues("zero.validation.fail-fast=true")
			.withClassLoader(ZeroContexts.withoutActuator())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ShardNotReadyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("wal-level: wal_level is replica; logical replication needs logical");
				assertThat(analysis.getAction()).contains("reports the problem in the log");
				assertThat(output.getAll()).containsPattern("fail wal-level +wal_level is replica");
			});
	}

	@BeforeAll
	static void roleNamedApp() {
		replica.createRole("app", "LOGIN SUPERUSER", "changed-by-each-test");
	}

	@ParameterizedTest(name = "password {0}")
	@MethodSource("dev.zero.autoconfigure.ZeroHealthIndicatorTests#passwords")
	void theReportShowsNoCredentialsAndMasksNothingElse(String password, CapturedOutput output) {
		TestDatabase database = replica.database();
		database.execute("ALTER ROLE app PASSWORD '" + password.replace("'", "''") + "'");
		ZeroContexts.on(database)
			.withPropertyValues("spring.datasource.username=app", "spring.datasource.password=" + password,
					"zero.validation.fail-fast=true")
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = new ShardNotReadyFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription())
					.startsWith("The zero upstream " + upstream(database) + " is not ready for logical replication:");
				List<String> shown = new ArrayList<>(List.of(analysis.getDescription(), analysis.getAction(),
						output.getAll()));
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					shown.add(String.valueOf(cause.getMessage()));
				}
				assertThat(output.getAll()).contains("connected to " + upstream(database) + " as app");
				shown.forEach((text) -> assertNoCredentials(text, password));
			});
		String missing = database.host() + ":" + database.port() + "/" + MISSING_DATABASE;
		ZeroContexts.on(database)
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://" + missing, "spring.datasource.username=app",
					"spring.datasource.password=" + password, "zero.validation.fail-fast=true")
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				String found = "connection: cannot connect to " + missing + ": FATAL: database \"" + MISSING_DATABASE
						+ "\" does not exist";
				assertThat(new ShardNotReadyFailureAnalyzer().analyze(failure).getDescription()).contains(found);
				assertThat(failure).hasRootCauseMessage("The upstream " + missing
						+ " is not ready for logical replication: " + found);
				assertThat(output.getAll()).containsPattern("fail connection +cannot connect to " + missing);
				assertNoCredentials(output.getAll(), password);
			});
	}

	@Test
	void failsWithinTheConnectTimeoutWhenTheUpstreamNeverAnswers() throws Exception {
		try (LoopbackServer server = LoopbackServer.silent()) {
			long started = System.nanoTime();
			ZeroContexts.runner()
				.withPropertyValues("spring.datasource.url=" + server.jdbcUrl(null), "spring.datasource.username=app",
						"spring.datasource.password=secret", "zero.validation.fail-fast=true",
						"zero.upstream.connect-timeout=2s")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
					FailureAnalysis analysis = new ShardNotReadyFailureAnalyzer().analyze(context.getStartupFailure());
					String address = "127.0.0.1:" + server.port();
					assertThat(analysis.getDescription()).contains(
							"connection: cannot connect to " + address + "/app: no answer from " + address + " within 2s");
				});
		}
	}

	@Test
	void startsNormallyWhenTheUpstreamIsReady() {
		ZeroContexts.on(logical.database())
			.withPropertyValues("zero.validation.fail-fast=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void analyzerIsRegistered() throws Exception {
		List<String> analyzers = new ArrayList<>();
		for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
			String names = factories.getProperty(FailureAnalyzer.class.getName());
			if (names != null) {
				analyzers.addAll(Arrays.asList(names.split(",")));
			}
		}
		assertThat(analyzers).contains(ShardNotReadyFailureAnalyzer.class.getName());
	}

}
