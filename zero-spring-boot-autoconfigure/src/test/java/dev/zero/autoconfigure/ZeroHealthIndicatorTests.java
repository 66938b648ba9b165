package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.zero.autoconfigure.ZeroEndpoint.ZeroReport;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.upstream.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ZeroHealthIndicatorTests {

	/** Passwords whose text is also part of what is shown: a port, a user name, a host. */
	private static final String[] PASSWORDS = { "5", "app", "postgres", "p@ss:w/rd&x=1" };

	/** A database name that contains three of them, as a server message quotes it. */
	static final String MISSING_DATABASE = "postgres_app_5";

	@RegisterExtension
	static final PostgresExtension postgres14 = PostgresExtension.builder()
		.version(14)
		.setting("wal_level", "logical")
		.build();

	@RegisterExtension
	static final PostgresExtension postgres15 = PostgresExtension.builder()
		.version(15)
		.setting("wal_level", "logical")
		.build();

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

	@RegisterExtension
	static final PostgresExtension replica17 = PostgresExtension.builder()
		.version(17)
		.setting("wal_level", "replica")
		.build();

	@BeforeAll
	static void roleNamedApp() {
		postgres17.createRole("app", "LOGIN SUPERUSER", "changed-by-each-test");
	}

	static Stream<Arguments> supportedVersions() {
		return Stream.of(Arguments.of(15, postgres15), Arguments.of(16, postgres16), Arguments.of(17, postgres17),
				Arguments.of(18, postgres18));
	}

	@ParameterizedTest(name = "PostgreSQL {0}")
	@MethodSource("supportedVersions")
	void upWithVersionAndWalLevelOnEverySupportedVersion(int version, PostgresExtension postgres) {
		ZeroContexts.on(postgres.database()).run((context) -> {
			Health health = awaitSettled(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("walLevel", "logical")
				.containsEntry("state", "ready")
				.containsKey("upstream");
			assertThat((String) health.getDetails().get("serverVersion")).startsWith(version + ".");
		});
	}

	@Test
	void downOnPostgres14WithTheVersionReason() {
		ZeroContexts.on(postgres14.database()).run((context) -> {
			Health health = awaitSettled(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason"))
				.startsWith("requires PostgreSQL 15 or higher; this server runs 14.");
			assertThat((String) health.getDetails().get("action")).contains("Upgrade");
		});
	}

	@Test
	void downWhenWalLevelIsNotLogicalWithTheCommandsThatFixIt() {
		ZeroContexts.on(replica17.database()).run((context) -> {
			Health health = awaitSettled(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason")).contains("wal_level is replica");
			assertThat((String) health.getDetails().get("action"))
				.contains("ALTER SYSTEM SET wal_level = 'logical';")
				.contains("pg_ctl -D \"$data_dir\" restart");
		});
	}

	@Test
	void downWithTheConnectionErrorButNeverThePasswordWhenUnreachable() {
		ZeroContexts.runner()
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app",
					"spring.datasource.username=app", "spring.datasource.password=hunter2-secret")
			.run((context) -> {
				Health health = awaitSettled(context);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) health.getDetails().get("reason")).contains("cannot connect to 127.0.0.1:1/app");
				assertThat(health.getDetails().toString()).doesNotContain("hunter2-secret");
			});
	}

	@ParameterizedTest(name = "password {0}")
	@MethodSource("passwords")
	void connectionErrorsShowNoCredentialsAndMaskNothingElse(String password) {
		TestDatabase database = postgres17.database();
		database.execute("ALTER ROLE app PASSWORD 'not-what-the-application-has'");
		ZeroContexts.on(database)
			.withPropertyValues("spring.datasource.username=app", "spring.datasource.password=" + password)
			.run((context) -> {
				Health health = awaitSettled(context);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) health.getDetails().get("reason")).isEqualTo("cannot connect to " + upstream(database)
						+ ": FATAL: password authentication failed for user \"app\"");
				assertNoCredentials(health.getDetails().toString(), password);
			});
		database.execute("ALTER ROLE app PASSWORD '" + password.replace("'", "''") + "'");
		String missing = "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + MISSING_DATABASE;
		ZeroContexts.on(database)
			.withPropertyValues("spring.datasource.url=" + missing, "spring.datasource.username=app",
					"spring.datasource.password=" + password)
			.run((context) -> {
				Health health = awaitSettled(context);
				assertThat((String) health.getDetails().get("reason"))
					.isEqualTo("cannot connect to " + database.host() + ":" + database.port() + "/" + MISSING_DATABASE
							+ ": FATAL: database \"" + MISSING_DATABASE + "\" does not exist");
				assertNoCredentials(health.getDetails().toString(), password);
			});
	}

	@ParameterizedTest(name = "password {0}")
	@MethodSource("passwords")
	void credentialsShowNowhereAndNothingElseIsMasked(String password, CapturedOutput output) {
		TestDatabase database = postgres17.database();
		database.execute("ALTER ROLE app PASSWORD '" + password.replace("'", "''") + "'");
		ZeroContexts.on(database)
			.withConfiguration(AutoConfigurations.of(ZeroEndpointAutoConfiguration.class))
			.withPropertyValues("spring.datasource.username=app", "spring.datasource.password=" + password,
					"management.endpoints.web.exposure.include=zero")
			.run((context) -> {
				Health health = awaitSettled(context);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("upstream", upstream(database));
				ZeroReport report = context.getBean(ZeroEndpoint.class).report();
				String connected = "connected to " + upstream(database) + " as app";
				assertThat(report.checks().get(0).found()).isEqualTo(connected);
				// the report is logged right after the status that health shows is published
				await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains(connected));
				for (String shown : List.of(health.getDetails().toString(), report.toString(), output.getAll())) {
					assertNoCredentials(shown, password);
				}
			});
	}

	@Test
	void downWithinTheConnectTimeoutWhenTheUpstreamNeverAnswersThenReCheckedOnTheInterval() throws Exception {
		try (LoopbackServer server = LoopbackServer.silent()) {
			ZeroContexts.runner()
				.withPropertyValues("spring.datasource.url=" + server.jdbcUrl(null), "spring.datasource.username=app",
						"spring.datasource.password=secret", "zero.validation.interval=1s",
						"zero.upstream.connect-timeout=2s")
				.run((context) -> {
					ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
					Health health = await().atMost(Duration.ofSeconds(15))
						.until(() -> indicator.health(true), (h) -> h.getStatus().equals(Status.DOWN));
					String address = "127.0.0.1:" + server.port();
					assertThat((String) health.getDetails().get("reason"))
						.isEqualTo("cannot connect to " + address + "/app: no answer from " + address + " within 2s");
					int attempts = server.accepted();
					await().atMost(Duration.ofSeconds(15)).until(server::accepted, (accepted) -> accepted > attempts);
				});
		}
	}

	@Test
	void outOfServiceUntilTheFirstValidationIsDone() {
		ZeroContexts.on(postgres17.database()).run((context) -> {
			ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
			Health first = indicator.health(true);
			assertThat(first.getStatus()).isIn(Status.OUT_OF_SERVICE, Status.UP);
			if (first.getStatus().equals(Status.OUT_OF_SERVICE)) {
				assertThat(first.getDetails()).isEqualTo(Map.of("state", "starting"));
			}
		});
	}

	static String[] passwords() {
		return PASSWORDS;
	}

	/**
	 * Nothing was masked (nothing carried a credential), and a password too distinctive to be
	 * part of anything else does not show.
	 */
	static void assertNoCredentials(String shown, String password) {
		assertThat(shown).doesNotContain("******");
		if (password.length() > 8) {
			assertThat(shown).doesNotContain(password);
		}
	}

	static String upstream(TestDatabase database) {
		return database.host() + ":" + database.port() + "/" + database.name();
	}

	static Health awaitSettled(AssertableApplicationContext context) {
		ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> indicator.health(true), (health) -> !health.getStatus().equals(Status.OUT_OF_SERVICE));
	}

}
