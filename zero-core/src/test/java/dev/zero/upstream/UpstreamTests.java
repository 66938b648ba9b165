package dev.zero.upstream;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UpstreamTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void describesTheUpstreamWithoutCredentials() {
		Upstream upstream = Upstream.of("jdbc:postgresql://db.example.com:6543/app?user=u&password=hunter2",
				null, null, "zero/zero/0");
		assertThat(upstream.describe()).isEqualTo("db.example.com:6543/app").doesNotContain("hunter2");
		assertThat(upstream.toString()).doesNotContain("hunter2");
		assertThat(upstream.username()).isEqualTo("u");
	}

	@ParameterizedTest(name = "password {0}")
	@ValueSource(strings = { "5", "app", "postgres", "p@ss:w/rd&x=1" })
	void masksThePasswordWhereItIsACredentialAndNowhereElse(String password) {
		Upstream upstream = Upstream.of("jdbc:postgresql://db.example.com:56999/app", "app", password, "zero/0");
		String innocent = "connected to db.example.com:56999/app as app (PostgreSQL 17.5, user postgres); "
				+ "FATAL: password authentication failed for user \"app\"; jdbc:postgresql://db.example.com:56999/app?user=app";
		assertThat(upstream.redact(innocent)).isEqualTo(innocent);
		assertThat(upstream.describe()).isEqualTo("db.example.com:56999/app");
		String url = "jdbc:postgresql://db.example.com:56999/app?user=app&password=%s&sslmode=require";
		String masked = url.formatted("******");
		assertThat(upstream.redact(url.formatted(password))).isEqualTo(masked);
		assertThat(upstream.redact(url.formatted(URLEncoder.encode(password, StandardCharsets.UTF_8))))
			.isEqualTo(masked);
		assertThat(upstream.redact("postgresql://app:" + password + "@db.example.com:56999/app"))
			.isEqualTo("postgresql://app:******@db.example.com:56999/app");
		assertThat(upstream.redact("options: Password=" + password)).isEqualTo("options: Password=******");
	}

	@Test
	void masksPasswordsItDoesNotKnowWhereTheyAreCredentials() {
		Upstream upstream = Upstream.of("jdbc:postgresql://h:5432/app", "u", "hunter2", "zero/0");
		assertThat(upstream.redact("jdbc:postgresql://h/app?password=other&ssl=true"))
			.isEqualTo("jdbc:postgresql://h/app?password=******&ssl=true");
		assertThat(upstream.redact("postgres://u:other@h:5432/app")).isEqualTo("postgres://u:******@h:5432/app");
	}

	@Test
	void masksThePasswordOfTheUrlToo() {
		Upstream upstream = Upstream.of("jdbc:postgresql://h:5432/app?user=app&password=p%40ss%26x%3D1", null, null,
				"zero/0");
		assertThat(upstream.redact("password=p@ss&x=1 and password=p%40ss%26x%3D1"))
			.isEqualTo("password=****** and password=******");
	}

	@Test
	void aUrlOfAnotherDatabaseIsNamedWithoutItsSecrets() {
		Upstream upstream = Upstream.of("jdbc:mysql://u:hunter2@h/app?password=hunter2", "u", "x", "zero/zero/0");
		assertThat(upstream.isPostgresUrl()).isFalse();
		assertThat(upstream.describe()).isEqualTo("jdbc:mysql://u:******@h/app");
		Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
		assertThat(failure).hasMessageContaining("not a PostgreSQL JDBC URL").hasMessageNotContaining("hunter2");
	}

	@Test
	void connectionFailuresKeepTheirNetworkCauseButNeverThePassword() {
		Upstream upstream = Upstream.of("jdbc:postgresql://127.0.0.1:1/app", "u", "hunter2", "zero/zero/0");
		Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
		assertThat(failure).hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("hunter2");
		assertThat(failure.getCause()).isInstanceOf(ConnectException.class).hasMessageNotContaining("hunter2");
	}

	@Test
	void aServerThatNeverAnswersFailsEveryKindOfConnectionWithinTheConnectTimeout() throws Exception {
		try (LoopbackServer server = LoopbackServer.silent()) {
			Upstream upstream = Upstream.of(server.jdbcUrl(null), "app", "pw", "zero/0")
				.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30));
			for (ThrowingCallable connect : List.<ThrowingCallable>of(upstream::connect, upstream::connectForReplication,
					upstream::connectForStreaming, upstream::connectForCopy)) {
				long started = System.nanoTime();
				SQLException failure = catchThrowableOfType(SQLException.class, connect);
				assertThat(failure.getMessage()).isEqualTo("no answer from 127.0.0.1:" + server.port() + " within 1s");
				assertThat(upstream.explain(failure)).isEqualTo(failure.getMessage());
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
			}
			assertThat(server.accepted()).isGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void anUnknownHostIsNamedAndKeptAsTheCause() {
		Upstream upstream = Upstream.of("jdbc:postgresql://db.example.invalid:5432/app", "app", "pw", "zero/0");
		Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
		assertThat(failure.getMessage()).startsWith("unknown host db.example.invalid");
		assertThat(failure).hasCauseInstanceOf(UnknownHostException.class);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "sslmode=prefer", "sslmode=disable", "sslmode=require" })
	void anHttpServerIsNotMistakenForPostgres(String query) throws Exception {
		try (LoopbackServer server = LoopbackServer.http()) {
			Upstream upstream = Upstream.of(server.jdbcUrl(query), "app", "pw", "zero/0");
			Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
			assertThat(failure).hasMessage("this is not a PostgreSQL server: 127.0.0.1:" + server.port()
					+ " answered in another protocol; check the host and port");
		}
	}

	@Test
	void aServerThatAnswersGarbageIsNotMistakenForPostgres() throws Exception {
		try (LoopbackServer server = LoopbackServer.answering("+OK POP3 server ready\r\n")) {
			Upstream upstream = Upstream.of(server.jdbcUrl(null), "app", "pw", "zero/0");
			Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
			assertThat(failure.getMessage()).startsWith("this is not a PostgreSQL server");
		}
	}

	@Test
	void checksWaitAtMostTheQueryTimeoutWhileStreamsAndCopiesWaitAsLongAsItTakes() throws SQLException {
		TestDatabase database = postgres.database();
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/0")
			.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(1500));
		try (Connection check = upstream.connect();
				Connection probe = upstream.connectForReplication();
				Connection stream = upstream.connectForStreaming();
				Connection copy = upstream.connectForCopy()) {
			assertThat(check.getNetworkTimeout()).isEqualTo(1500);
			assertThat(probe.getNetworkTimeout()).isEqualTo(1500);
			assertThat(stream.getNetworkTimeout()).isZero();
			assertThat(copy.getNetworkTimeout()).isZero();
			SQLException timedOut = catchThrowableOfType(SQLException.class, () -> {
				try (Statement statement = check.createStatement()) {
					statement.execute("SELECT pg_sleep(10)");
				}
			});
			assertThat(upstream.explain(timedOut))
				.isEqualTo("no answer from " + upstream.host() + ":" + upstream.port() + " within 1500ms");
			try (Statement statement = copy.createStatement()) {
				statement.execute("SELECT pg_sleep(2)");
			}
		}
	}

}
