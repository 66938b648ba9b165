package dev.zero.upstream;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check's passing and failing case on a real PostgreSQL 17, as a superuser and as
 * roles with fewer rights.
 */
class UpstreamValidatorTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static String owner;

	static String replicator;

	static String stranger;

	@BeforeAll
	static void rolesAndTables() {
		TestDatabase database = postgres.database();
		String prefix = database.name();
		owner = postgres.createRole(prefix + "_owner", "LOGIN REPLICATION", "owner-pw");
		replicator = postgres.createRole(prefix + "_replicator", "LOGIN REPLICATION", "replicator-pw");
		stranger = postgres.createRole(prefix + "_stranger", "LOGIN NOREPLICATION", "stranger-pw");
		database.execute("CREATE TABLE todo (id bigint PRIMARY KEY, title text)",
				"CREATE TABLE todo_list (id bigint PRIMARY KEY, name text)",
				"ALTER TABLE todo OWNER TO \"" + owner + "\"", "ALTER TABLE todo_list OWNER TO \"" + owner + "\"",
				"GRANT CREATE ON DATABASE \"" + database.name() + "\" TO \"" + owner + "\"");
	}

	@AfterEach
	void resetRoleSettings() {
		postgres.database().execute("ALTER ROLE \"" + owner + "\" RESET ALL");
	}

	@Test
	void superuserOnALogicalServerPassesEveryCheckInOrder() {
		UpstreamReport report = Validation.asAdmin(postgres.database());
		assertThat(report.checks()).extracting(CheckResult::id)
			.containsExactly("connection", "server-version", "wal-level", "replication-role", "replication-capacity",
					"direct-connection", "event-triggers", "wal-retention", "publication-permission",
					"statement-timeout", "tls", "failover", "provider");
		assertThat(report.checks()).allSatisfy((check) -> {
			assertThat(check.status()).as(check.id() + ": " + check.found()).isEqualTo(CheckStatus.OK);
			assertThat(check.action()).isEmpty();
		});
		assertThat(report.ready()).isTrue();
		assertThat(report.provider()).isEqualTo(Provider.SELF_HOSTED);
		assertThat(check(report, "publication-permission").found()).contains("FOR TABLES IN SCHEMA public");
		assertThat(check(report, "direct-connection").found()).contains("replication connection works");
	}

	@Test
	void roleWithoutReplicationFailsWithTheGrantForThatRole() {
		UpstreamReport report = Validation.as(postgres.database(), stranger, "stranger-pw");
		CheckResult role = check(report, "replication-role");
		assertThat(role.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(role.found()).contains(stranger).contains("may not replicate");
		assertThat(role.action()).contains("ALTER ROLE \"" + stranger + "\" WITH REPLICATION;");
		CheckResult direct = check(report, "direct-connection");
		assertThat(direct.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(direct.action()).contains("WITH REPLICATION");
		assertThat(report.ready()).isFalse();
	}

	@Test
	void nonSuperuserOwnerFallsBackToPublishingTableByTableAndCannotCreateEventTriggers() {
		UpstreamReport report = Validation.as(postgres.database(), owner, "owner-pw");
		assertThat(check(report, "replication-role").status()).isEqualTo(CheckStatus.OK);
		CheckResult publication = check(report, "publication-permission");
		assertThat(publication.status()).isEqualTo(CheckStatus.OK);
		assertThat(publication.found()).contains("cannot publish FOR TABLES IN SCHEMA").contains("FOR TABLE");
		CheckResult eventTriggers = check(report, "event-triggers");
		assertThat(eventTriggers.status()).isEqualTo(CheckStatus.WARN);
		assertThat(eventTriggers.found()).contains("may not create event triggers")
			.contains("any schema change will force a full re-sync");
		assertThat(eventTriggers.action()).contains("Acceptable for a database of");
		assertThat(report.ready()).isTrue();
		assertThat(postgres.database().queryForLong("SELECT count(*) FROM pg_event_trigger")).isZero();
		assertThat(postgres.database().queryForLong("SELECT count(*) FROM pg_publication")).isZero();
	}

	@Test
	void largeDatabaseWithoutEventTriggersRecommendsAProviderThatGrantsThem() {
		InspectionSettings tiny = new InspectionSettings(Validation.SHARD, "zero_spring_0", List.of(), List.of("public"),
				1024 * 1024);
		CheckResult eventTriggers = check(Validation.as(postgres.database(), owner, "owner-pw", tiny),
				"event-triggers");
		assertThat(eventTriggers.status()).isEqualTo(CheckStatus.WARN);
		assertThat(eventTriggers.action()).contains("every schema change re-copies")
			.contains("provider that grants them");
	}

	@Test
	void roleThatOwnsNothingFailsWithAReadyToRunPublicationForItsTables() {
		UpstreamReport report = Validation.as(postgres.database(), replicator, "replicator-pw");
		CheckResult publication = check(report, "publication-permission");
		assertThat(publication.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(publication.found()).contains("cannot create publications");
		assertThat(publication.action())
			.contains("CREATE PUBLICATION \"zero_tables\" FOR TABLE \"public\".\"todo\", \"public\".\"todo_list\";")
			.contains("zero.app-publications=zero_tables");
		assertThat(report.ready()).isFalse();
	}

	@Test
	void roleLevelStatementTimeoutWarnsWithTheStatementThatTurnsItOff() {
		postgres.database().execute("ALTER ROLE \"" + owner + "\" SET statement_timeout = '5s'");
		CheckResult timeout = check(Validation.as(postgres.database(), owner, "owner-pw"), "statement-timeout");
		assertThat(timeout.status()).isEqualTo(CheckStatus.WARN);
		assertThat(timeout.found()).contains("statement_timeout is 5000 ms (set for the role)");
		assertThat(timeout.action()).contains("ALTER ROLE \"" + owner + "\" SET statement_timeout = 0;");
	}

	@Test
	void appPublicationsThatExistPass() {
		postgres.database().execute("CREATE PUBLICATION app_pub FOR TABLE todo");
		try {
			CheckResult publication = check(
					Validation.as(postgres.database(), postgres.database().username(), postgres.database().password(),
							Validation.withAppPublications("app_pub")),
					"publication-permission");
			assertThat(publication.status()).isEqualTo(CheckStatus.OK);
			assertThat(publication.found()).isEqualTo("publications app_pub exist");
		}
		finally {
			postgres.database().execute("DROP PUBLICATION app_pub");
		}
	}

	@Test
	void aPublicationThatExistsUnderAnotherCaseGetsDidYouMean() {
		postgres.database().execute("CREATE PUBLICATION lowpub");
		try {
			CheckResult publication = check(Validation.as(postgres.database(), postgres.database().username(),
					postgres.database().password(), Validation.withAppPublications("LOWPUB")), "publication-permission");
			assertThat(publication.status()).isEqualTo(CheckStatus.FAIL);
			assertThat(publication.found()).isEqualTo("publication(s) named in zero.app-publications do not exist: "
					+ "LOWPUB; did you mean \"lowpub\"? Publication names are case-sensitive");
			assertThat(publication.action()).isEqualTo("Name the publication exactly as it is: lowpub instead of LOWPUB "
					+ "in zero.app-publications.");
		}
		finally {
			postgres.database().execute("DROP PUBLICATION lowpub");
		}
	}

	@Test
	void hostilePublicationNameIsOnlyEverQuoted() {
		String hostile = "a\"; DROP TABLE todo; --";
		UpstreamReport report = Validation.as(postgres.database(), postgres.database().username(),
				postgres.database().password(), Validation.withAppPublications(hostile));
		CheckResult publication = check(report, "publication-permission");
		assertThat(publication.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(publication.found()).contains("do not exist: " + hostile);
		assertThat(publication.action()).contains("CREATE PUBLICATION \"a\"\"; DROP TABLE todo; --\" FOR TABLE");
		assertThat(postgres.database().queryForLong("SELECT count(*) FROM pg_tables WHERE tablename = 'todo'"))
			.isEqualTo(1);
	}

	@Test
	void missingSchemaFailsNamingIt() {
		InspectionSettings settings = new InspectionSettings(Validation.SHARD, "zero_spring_0", List.of(),
				List.of("public", "nowhere"), InspectionSettings.DEFAULT_LARGE_DATABASE_BYTES);
		CheckResult publication = check(Validation.as(postgres.database(), postgres.database().username(),
				postgres.database().password(), settings), "publication-permission");
		assertThat(publication.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(publication.found()).contains("nowhere");
	}

	@Test
	void unreachableServerIsAFailedConnectionCheckWithoutThePassword() {
		UpstreamReport report = new UpstreamValidator(
				Upstream.of("jdbc:postgresql://127.0.0.1:1/none", "app", "pw-that-must-not-leak", "zero/test"),
				InspectionSettings.defaults(Validation.SHARD))
			.validate();
		assertThat(report.ready()).isFalse();
		assertThat(report.checks()).singleElement().satisfies((check) -> {
			assertThat(check.id()).isEqualTo("connection");
			assertThat(check.found()).contains("cannot connect to 127.0.0.1:1/none");
			assertThat(check.toString()).doesNotContain("pw-that-must-not-leak");
		});
	}

	@Test
	void anUnknownHostIsAFailedConnectionCheckNamingIt() {
		UpstreamReport report = new UpstreamValidator(
				Upstream.of("jdbc:postgresql://db.example.invalid:5432/app", "app", "pw", "zero/test"),
				InspectionSettings.defaults(Validation.SHARD))
			.validate();
		assertThat(report.checks()).singleElement()
			.satisfies((check) -> assertThat(check.found())
				.startsWith("cannot connect to db.example.invalid:5432/app: unknown host db.example.invalid"));
	}

	@Test
	void aServerThatNeverAnswersIsAFailedConnectionCheckSayingToCheckThePortIsPostgres() throws Exception {
		try (LoopbackServer server = LoopbackServer.silent()) {
			UpstreamReport report = new UpstreamValidator(
					Upstream.of(server.jdbcUrl(null), "app", "pw", "zero/test")
						.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30)),
					InspectionSettings.defaults(Validation.SHARD))
				.validate();
			assertThat(report.checks()).singleElement().satisfies((check) -> {
				assertThat(check.found()).isEqualTo("cannot connect to 127.0.0.1:" + server.port()
						+ "/app: no answer from 127.0.0.1:" + server.port() + " within 1s");
				assertThat(check.action()).startsWith("Check that " + server.port()
						+ " is the port PostgreSQL listens on (its port setting, 5432 unless changed) on 127.0.0.1");
			});
		}
	}

	@Test
	void anHttpServerIsAFailedConnectionCheckSayingItIsNotPostgres() throws Exception {
		try (LoopbackServer server = LoopbackServer.http()) {
			UpstreamReport report = new UpstreamValidator(Upstream.of(server.jdbcUrl(null), "app", "pw", "zero/test"),
					InspectionSettings.defaults(Validation.SHARD))
				.validate();
			assertThat(report.checks()).singleElement()
				.satisfies((check) -> assertThat(check.found()).isEqualTo("cannot connect to 127.0.0.1:" + server.port()
						+ "/app: this is not a PostgreSQL server: 127.0.0.1:" + server.port()
						+ " answered in another protocol; check the host and port"));
		}
	}

}
