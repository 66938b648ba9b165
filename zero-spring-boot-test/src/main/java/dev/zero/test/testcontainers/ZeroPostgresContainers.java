package dev.zero.test.testcontainers;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL containers the starter can stream from: the official image started with
 * {@code wal_level=logical} (and {@code fsync=off}, as Testcontainers starts it for tests).
 * <pre>{@code
 * @Container
 * @ServiceConnection
 * static PostgreSQLContainer postgres = ZeroPostgresContainers.logical("postgres:17");
 * }</pre>
 */
public final class ZeroPostgresContainers {

	private ZeroPostgresContainers() {
	}

	/**
	 * A container of the given image, not yet started, with logical replication on.
	 * @param image an image of the official {@code postgres} repository (or compatible), 14 or later
	 * @return the container
	 */
	public static PostgreSQLContainer logical(String image) {
		return new PostgreSQLContainer(image).withCommand(command());
	}

	/**
	 * The server's command line: {@code postgres -c fsync=off -c wal_level=logical}, for a
	 * container made otherwise ({@code withCommand(ZeroPostgresContainers.command())}).
	 * @return the command's words
	 */
	public static String[] command() {
		return new String[] { "postgres", "-c", "fsync=off", "-c", "wal_level=logical" };
	}

}
