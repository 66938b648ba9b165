package dev.zero.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies the data directory of a running server between {@code pg_backup_start} and
 * {@code pg_backup_stop} (non-exclusive, in one session), as {@code pg_basebackup} would:
 * Zonky's binaries have no {@code pg_basebackup}. The copy holds no WAL; a standby made from
 * it streams the WAL from the backup's start on, which a physical slot created before the
 * backup keeps on the primary.
 */
final class BaseBackup {

	/** Directories whose contents pg_basebackup leaves out (the directories themselves are kept). */
	private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
			"pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

	/** Files pg_basebackup leaves out, wherever they are. */
	private static final Set<String> EXCLUDED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
			"tablespace_map", "standby.signal", "recovery.signal", "current_logfiles", "postgresql.auto.conf.tmp",
			"backup_manifest", "pg_internal.init");

	private BaseBackup() {
	}

	/**
	 * Copies the data directory of {@code primary}, over {@code connection} (a superuser's, to
	 * it), to {@code target} and writes the backup's {@code backup_label} there.
	 */
	static void copy(Connection connection, int majorVersion, Path source, Path target, ServerUser user) {
		try {
			if (hasTablespaces(source)) {
				throw new EmbeddedPostgresException(
						"A standby of a server with tablespaces is not supported: its base copy would share them");
			}
			start(connection, majorVersion);
			boolean stopped = false;
			try {
				copyTree(source, target);
				String label = stop(connection, majorVersion);
				stopped = true;
				Files.writeString(target.resolve("backup_label"), label, StandardCharsets.UTF_8);
			}
			finally {
				if (!stopped) {
					// ends the backup when the copy failed; closing the session would too
					connection.close();
				}
			}
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
			user.own(target);
		}
		catch (SQLException ex) {
			throw new EmbeddedPostgresException("Could not take a base backup: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not copy " + source + " to " + target, ex);
		}
	}

	private static void start(Connection connection, int majorVersion) throws SQLException {
		// fast checkpoint; 14 has the exclusive/non-exclusive choice, 15+ only non-exclusive
		String sql = (majorVersion >= 15) ? "SELECT pg_backup_start(?, true)" : "SELECT pg_start_backup(?, true, false)";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, "zero-embedded-postgres standby");
			statement.executeQuery().close();
		}
	}

	/** Ends the backup and returns its {@code backup_label} (WAL archiving is not waited for). */
	private static String stop(Connection connection, int majorVersion) throws SQLException {
		String sql = (majorVersion >= 15) ? "SELECT labelfile FROM pg_backup_stop(false)"
				: "SELECT labelfile FROM pg_stop_backup(false, false)";
		try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static boolean hasTablespaces(Path source) throws IOException {
		Path tablespaces = source.resolve("pg_tblspc");
		if (!Files.isDirectory(tablespaces)) {
			return false;
		}
		try (Stream<Path> entries = Files.list(tablespaces)) {
			return entries.findAny().isPresent();
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		Files.walkFileTree(source, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Path copy = target.resolve(source.relativize(dir).toString());
				Files.createDirectories(copy);
				if (dir.getParent() != null && dir.getParent().equals(source)
						&& EMPTIED.contains(dir.getFileName().toString())) {
					if (dir.getFileName().toString().equals("pg_wal")) {
						Files.createDirectories(copy.resolve("archive_status"));
					}
					return FileVisitResult.SKIP_SUBTREE;
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				String name = file.getFileName().toString();
				if (EXCLUDED_FILES.contains(name) || name.startsWith("pgsql_tmp")) {
					return FileVisitResult.CONTINUE;
				}
				try {
					Files.copy(file, target.resolve(source.relativize(file).toString()),
							StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
				}
				catch (NoSuchFileException ex) {
					// dropped while copied: the WAL replayed from the backup's start drops it too
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}

		});
	}

}
