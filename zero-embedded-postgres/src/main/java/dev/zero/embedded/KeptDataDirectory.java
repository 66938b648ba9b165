package dev.zero.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A data directory chosen by the caller that outlives the server: initialized from the
 * template when it is empty or missing, used as it is when it holds PostgreSQL's data of the
 * same major version. It is never deleted here, and never initialized over something else.
 */
final class KeptDataDirectory {

	private KeptDataDirectory() {
	}

	static void prepare(Path directory, PostgresBinaries binaries, WorkDirectory work, ServerUser user) {
		try {
			Files.createDirectories(directory);
			user.checkCanReach(directory);
			if (isEmpty(directory)) {
				DataDirectoryTemplate.prepare(binaries, work, user).copyTo(directory, user);
				return;
			}
			Path version = directory.resolve("PG_VERSION");
			if (!Files.isRegularFile(version)) {
				throw new EmbeddedPostgresException(directory + " is neither empty nor a PostgreSQL data directory "
						+ "(it has no PG_VERSION): choose an empty or new directory for the embedded server's data.");
			}
			String major = Files.readString(version).strip();
			if (!major.equals(Integer.toString(binaries.major()))) {
				throw new EmbeddedPostgresException(directory + " holds the data of PostgreSQL " + major + ", not "
						+ binaries.major() + ": run PostgreSQL " + major + " on it, or choose another directory.");
			}
			if (!Files.getOwner(directory).getName().equals(user.name())) {
				user.own(directory);
			}
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not prepare " + directory + " as a PostgreSQL data directory", ex);
		}
	}

	private static boolean isEmpty(Path directory) throws IOException {
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.findAny().isEmpty();
		}
	}

}
