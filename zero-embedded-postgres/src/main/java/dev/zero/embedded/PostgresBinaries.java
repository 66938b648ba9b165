package dev.zero.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL installation of one major version, extracted once from the archive packaged
 * in this module's jar (the Zonky builds from Maven Central) into the work directory, and
 * shared by every server of that version.
 */
final class PostgresBinaries {

	private static final String RESOURCE_ROOT = "dev/zero/embedded/";

	private final int major;

	private final String version;

	private final Path home;

	private PostgresBinaries(int major, String version, Path home) {
		this.major = major;
		this.version = version;
		this.home = home;
	}

	static PostgresBinaries extract(int major, WorkDirectory work) {
		Properties index = index();
		String version = index.getProperty(Integer.toString(major));
		String platform = index.getProperty("platform", "unknown");
		if (version == null) {
			throw new EmbeddedPostgresException("No PostgreSQL " + major + " binaries are packaged in zero-embedded-postgres "
					+ "(packaged: " + packagedMajors(index) + "). Use one of those versions, "
					+ "or point the tests at a server of your own with ZERO_TEST_DATABASE_URL.");
		}
		Path home = work.root().resolve("postgres-" + version + "-" + platform);
		return work.locked("binaries-" + version, () -> {
			if (!Files.isExecutable(home.resolve("bin/postgres"))) {
				unpack(major, home, work);
			}
			return new PostgresBinaries(major, version, home);
		});
	}

	int major() {
		return this.major;
	}

	String version() {
		return this.version;
	}

	Path executable(String name) {
		return this.home.resolve("bin").resolve(name);
	}

	private static void unpack(int major, Path home, WorkDirectory work) {
		String resource = RESOURCE_ROOT + "binaries/" + major + "/postgres.txz";
		Path staging = home.resolveSibling(home.getFileName() + ".partial");
		WorkDirectory.deleteRecursively(staging);
		try (InputStream raw = PostgresBinaries.class.getClassLoader().getResourceAsStream(resource)) {
			if (raw == null) {
				throw new EmbeddedPostgresException("The PostgreSQL " + major + " archive " + resource
						+ " is missing from the classpath: zero-embedded-postgres was built without it. "
						+ "Rebuild it with ./mvnw install on this platform.");
			}
			work.createReadable(staging);
			try (TarArchiveInputStream tar = new TarArchiveInputStream(
					new XZInputStream(new BufferedInputStream(raw, 1 << 16)))) {
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					write(tar, entry, staging);
				}
			}
			WorkDirectory.deleteRecursively(home);
			Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			WorkDirectory.deleteRecursively(staging);
			throw new EmbeddedPostgresException("Could not extract PostgreSQL " + major + " into " + home, ex);
		}
	}

	private static void write(TarArchiveInputStream tar, TarArchiveEntry entry, Path target) throws IOException {
		Path path = target.resolve(entry.getName()).normalize();
		if (!path.startsWith(target)) {
			throw new IOException("Archive entry outside the target directory: " + entry.getName());
		}
		if (entry.isDirectory()) {
			Files.createDirectories(path);
			Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0755));
		}
		else if (entry.isSymbolicLink()) {
			Files.createDirectories(path.getParent());
			Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
		}
		else {
			Files.createDirectories(path.getParent());
			Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0444));
		}
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int i = 0; i < bits.length; i++) {
			if ((mode & (1 << i)) != 0) {
				result.add(bits[i]);
			}
		}
		return result;
	}

	private static Properties index() {
		Properties properties = new Properties();
		try (InputStream in = PostgresBinaries.class.getClassLoader()
			.getResourceAsStream(RESOURCE_ROOT + "binaries.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not read the packaged PostgreSQL versions", ex);
		}
		return properties;
	}

	private static String packagedMajors(Properties index) {
		return index.stringPropertyNames().stream().filter((name) -> name.matches("\\d+")).sorted().toList().toString();
	}

}
