package dev.zero.upstream;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code tls} check, the replication connection's {@code sslmode} and a streaming
 * connection over TLS, on a server that accepts TLS connections only (a self-signed certificate
 * made with openssl).
 */
class TlsTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.dedicated()
		.build();

	@BeforeAll
	static void requireTls() throws Exception {
		EmbeddedPostgres server = postgres.embedded();
		Path openssl = Path.of("/usr/bin/openssl");
		assumeTrue(Files.isExecutable(openssl), "openssl is not installed (Debian package openssl)");
		Path data = server.dataDirectory();
		Path work = Files.createTempDirectory("tls");
		Process process = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
				"-keyout", work.resolve("server.key").toString(), "-out", work.resolve("server.crt").toString(),
				"-subj", "/CN=localhost", "-days", "2")
			.redirectErrorStream(true)
			.start();
		process.getInputStream().readAllBytes();
		assertThat(process.waitFor()).isZero();
		PosixFileAttributes dataAttributes = Files.readAttributes(data, PosixFileAttributes.class);
		for (String file : new String[] { "server.key", "server.crt" }) {
			Path target = data.resolve(file);
			Files.copy(work.resolve(file), target);
			Files.setOwner(target, dataAttributes.owner());
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
		}
		Path hba = data.resolve("pg_hba.conf");
		Files.writeString(hba, """
				hostssl all all 127.0.0.1/32 scram-sha-256
				hostssl replication all 127.0.0.1/32 scram-sha-256
				""");
		Files.setOwner(hba, dataAttributes.owner());
		postgres.database().execute("ALTER SYSTEM SET ssl = on");
		server.restart();
	}

	@Test
	void encryptedConnectionPassesAndTheReplicationConnectionUsesTheSameSslMode() {
		TestDatabase database = postgres.database();
		UpstreamReport report = new UpstreamValidator(Upstream.of(database.jdbcUrl() + "?sslmode=require",
				database.username(), database.password(), "zero/test"), InspectionSettings.defaults(Validation.SHARD))
			.validate();
		CheckResult tls = check(report, "tls");
		assertThat(tls.status()).isEqualTo(CheckStatus.OK);
		assertThat(tls.found()).startsWith("encrypted (TLSv1.").contains("sslmode require");
		assertThat(check(report, "direct-connection").status()).isEqualTo(CheckStatus.OK);
	}

	@Test
	void aStreamingConnectionIsReadThroughTls() throws Exception {
		TestDatabase database = postgres.database();
		Upstream upstream = Upstream.of(database.jdbcUrl() + "?sslmode=require", database.username(),
				database.password(), "zero/test");
		// TLS layered over the replication stream's socket: handshake and answers read through it
		try (Connection streaming = upstream.connectForStreaming();
				Statement statement = streaming.createStatement();
				ResultSet row = statement.executeQuery("IDENTIFY_SYSTEM")) {
			assertThat(row.next()).isTrue();
			assertThat(row.getString("systemid")).isNotBlank();
		}
	}

	@Test
	void sslModeDisableIsHonouredAndRefusedByThisServer() {
		TestDatabase database = postgres.database();
		UpstreamReport report = new UpstreamValidator(Upstream.of(database.jdbcUrl() + "?sslmode=disable",
				database.username(), database.password(), "zero/test"), InspectionSettings.defaults(Validation.SHARD))
			.validate();
		CheckResult connection = check(report, "connection");
		assertThat(connection.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(connection.found()).contains("no encryption");
	}

}
