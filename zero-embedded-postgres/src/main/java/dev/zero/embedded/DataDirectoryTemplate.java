package dev.zero.embedded;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * An initialized data directory per PostgreSQL version, made once with {@code initdb} and
 * copied for every new server: copying takes a fraction of a second where {@code initdb}
 * takes several.
 */
final class DataDirectoryTemplate {

	static final String SUPERUSER = "postgres";

	static final String SUPERUSER_PASSWORD = "postgres";

	private final Path directory;

	private DataDirectoryTemplate(Path directory) {
		this.directory = directory;
	}

	static DataDirectoryTemplate prepare(PostgresBinaries binaries, WorkDirectory work, ServerUser user) {
		Path directory = work.root().resolve("template-" + binaries.version());
		return work.locked("template-" + binaries.version(), () -> {
			if (!Files.exists(directory.resolve("PG_VERSION"))) {
				initdb(binaries, directory, work, user);
			}
			return new DataDirectoryTemplate(directory);
		});
	}

	/**
	 * Copies the template to {@code target}, owned by the server's user and private to it as
	 * PostgreSQL demands.
	 */
	void copyTo(Path target, ServerUser user) {
		try {
			Files.walkFileTree(this.directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
					Files.createDirectories(target.resolve(DataDirectoryTemplate.this.directory.relativize(dir)));
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.copy(file, target.resolve(DataDirectoryTemplate.this.directory.relativize(file)),
							StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
					return FileVisitResult.CONTINUE;
				}

			});
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
			user.own(target);
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not copy the PostgreSQL data directory template to " + target, ex);
		}
	}

	private static void initdb(PostgresBinaries binaries, Path directory, WorkDirectory work, ServerUser user) {
		Path staging = directory.resolveSibling(directory.getFileName() + ".partial");
		Path passwordFile = directory.resolveSibling(directory.getFileName() + ".pw");
		WorkDirectory.deleteRecursively(staging);
		try {
			Files.createDirectories(staging);
			Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwx------"));
			Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n");
			user.own(staging);
			user.own(passwordFile);
			List<String> command = user.command(List.of(binaries.executable("initdb").toString(), "-D",
					staging.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E",
					"UTF8", "--locale=C", "--no-sync"));
			Processes.run(command, work.root(), "initdb for PostgreSQL " + binaries.version());
			Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			WorkDirectory.deleteRecursively(staging);
			throw new EmbeddedPostgresException("Could not initialize a PostgreSQL data directory in " + staging, ex);
		}
		finally {
			WorkDirectory.deleteRecursively(passwordFile);
		}
	}

}
