package dev.zero.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The directory that holds extracted binaries, initialized data-directory templates and the
 * data directories of running servers. Chosen with the system property
 * {@code zero.embedded-postgres.directory} or the environment variable
 * {@code ZERO_EMBEDDED_POSTGRES_DIRECTORY}; by default a folder in the system temporary
 * directory, which the server's user can reach when this JVM runs as root.
 */
final class WorkDirectory {

	static final String PROPERTY = "zero.embedded-postgres.directory";

	static final String ENVIRONMENT_VARIABLE = "ZERO_EMBEDDED_POSTGRES_DIRECTORY";

	private static final Object JVM_LOCK = new Object();

	private final Path root;

	private WorkDirectory(Path root) {
		this.root = root;
	}

	static WorkDirectory resolve() {
		String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
		Path root = (configured != null && !configured.isBlank()) ? Path.of(configured)
				: Path.of(System.getProperty("java.io.tmpdir"), "zero-embedded-postgres");
		WorkDirectory directory = new WorkDirectory(root.toAbsolutePath());
		directory.createReadable(directory.root);
		return directory;
	}

	Path root() {
		return this.root;
	}

	/**
	 * Creates {@code dir} (and parents) readable and traversable by every user, so that a
	 * server running as another user can reach the files below it.
	 */
	Path createReadable(Path dir) {
		try {
			Files.createDirectories(dir);
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
			return dir;
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not create " + dir + " for the embedded PostgreSQL server; "
					+ "choose another place with -D" + PROPERTY + "=... or " + ENVIRONMENT_VARIABLE, ex);
		}
	}

	/**
	 * Runs {@code action} while holding a lock named {@code name} that excludes other
	 * threads of this JVM and other processes (several test JVMs share one directory).
	 */
	@SuppressWarnings("try") // the lock is held for the block, never used in it
	<T> T locked(String name, Supplier<T> action) {
		synchronized (JVM_LOCK) {
			Path lockFile = this.root.resolve(name + ".lock");
			try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock lock = channel.lock()) {
				return action.get();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException ex) {
					// best effort: a leftover file in a temporary folder harms nobody
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			// best effort, as above; files vanish under the walk while a killed server's processes exit
		}
	}

}
