package dev.zero.upstream;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code direct-connection} check against a real PgBouncer in front of a real server.
 */
class DirectConnectionTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void directConnectionPasses() {
		CheckResult direct = check(Validation.asAdmin(postgres.database()), "direct-connection");
		assertThat(direct.status()).isEqualTo(CheckStatus.OK);
		assertThat(direct.found()).contains("replication connection works (system ");
	}

	@Test
	void pgBouncerInFrontFailsWithTheDirectConnectionAdvice() throws Exception {
		Path binary = PgBouncer.binary().orElse(null);
		assumeTrue(binary != null, "pgbouncer is not installed (Debian package pgbouncer; .ci/run installs it)");
		TestDatabase database = postgres.database();
		try (PgBouncer bouncer = PgBouncer.start(binary, database.host(), database.port(), database.username(),
				database.password())) {
			String url = "jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/" + database.name();
			UpstreamReport report = new UpstreamValidator(
					Upstream.of(url, database.username(), database.password(), "zero/test"),
					InspectionSettings.defaults(Validation.SHARD))
				.validate();
			assertThat(check(report, "connection").status()).isEqualTo(CheckStatus.OK);
			CheckResult direct = check(report, "direct-connection");
			assertThat(direct.status()).isEqualTo(CheckStatus.FAIL);
			assertThat(direct.found()).contains("is a connection pooler")
				.contains("unsupported startup parameter: replication")
				.contains("replication slots need a direct connection");
			assertThat(direct.action()).contains("zero.upstream.url")
				.contains("the application itself may keep using the pooler");
			assertThat(report.ready()).isFalse();
		}
	}

}
