package dev.zero.embedded.junit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.zero.embedded.EmbeddedPostgres;

/**
 * JUnit 5 extension that gives a test class a fresh database on a real PostgreSQL server.
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension postgres = PostgresExtension.logical();
 *
 * @Test
 * void something() {
 *     TestDatabase database = postgres.database();
 * }
 * }</pre>
 *
 * Servers are shared across the test JVM by version and settings, unless
 * {@link Builder#dedicated()} asks for one of the class's own (for tests that stop or
 * restart it). Where the tests run is chosen by {@code ZERO_TEST_DATABASE_URL} or
 * {@code ZERO_TEST_DATABASE}; when that server cannot give what a class asks for (another
 * version, other settings, a restart), the class is skipped and says why.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

	private final int version;

	private final boolean exactVersion;

	private final Map<String, String> settings;

	private final boolean dedicated;

	private final List<String> roles = new ArrayList<>();

	private TestServer server;

	private TestDatabase database;

	private PostgresExtension(Builder builder) {
		this.version = builder.version;
		this.exactVersion = builder.exactVersion;
		this.settings = new LinkedHashMap<>(builder.settings);
		this.dedicated = builder.dedicated;
	}

	/**
	 * PostgreSQL 17 with {@code wal_level=logical}; an external server of version 15 or later
	 * with that setting also does.
	 */
	public static PostgresExtension logical() {
		return builder().setting("wal_level", "logical").build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The database of the running test class. */
	public TestDatabase database() {
		if (this.database == null) {
			throw new IllegalStateException("No database: register PostgresExtension on a static field");
		}
		return this.database;
	}

	/**
	 * The embedded server, for tests that stop, restart or reconfigure it; skips the test
	 * when the tests run on another kind of server.
	 */
	public EmbeddedPostgres embedded() {
		EmbeddedPostgres embedded = database().embedded();
		Assumptions.assumeTrue(embedded != null,
				"needs an embedded server to stop or reconfigure; this run uses " + this.server.describe());
		return embedded;
	}

	/**
	 * Creates a role with a password for this class; it is dropped after the class.
	 * @param name the role's name
	 * @param options role options after {@code WITH}, for example {@code LOGIN NOREPLICATION}
	 * @param password the role's password
	 * @return the role's name
	 */
	public String createRole(String name, String options, String password) {
		String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
		database().execute("CREATE ROLE " + quoted + " WITH " + options + " PASSWORD '"
				+ password.replace("'", "''") + "'");
		this.roles.add(name);
		return name;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.server = this.dedicated ? TestServers.dedicated(this.version, this.settings)
				: TestServers.shared(this.version, this.settings);
		if (this.server.embedded() == null) {
			checkServerFits();
		}
		String name = databaseName(context.getRequiredTestClass());
		try (Connection connection = maintenanceConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE \"" + name + "\"");
		}
		this.database = new TestDatabase(this.server, name);
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		try {
			if (this.database != null) {
				dropDatabase(this.database.name());
			}
			dropRoles();
		}
		finally {
			this.database = null;
			if (this.dedicated && this.server != null) {
				this.server.stop();
			}
		}
	}

	private void checkServerFits() throws SQLException {
		try (Connection connection = maintenanceConnection(); Statement statement = connection.createStatement()) {
			int major;
			try (ResultSet rows = statement.executeQuery("SHOW server_version_num")) {
				rows.next();
				major = Integer.parseInt(rows.getString(1)) / 10000;
			}
			boolean versionFits = this.exactVersion ? major == this.version : major >= 15;
			Assumptions.assumeTrue(versionFits, () -> "needs PostgreSQL " + (this.exactVersion ? this.version : "15+")
					+ "; " + this.server.describe() + " runs " + major);
			for (Map.Entry<String, String> setting : this.settings.entrySet()) {
				try (PreparedStatement show = connection.prepareStatement("SELECT current_setting(?)")) {
					show.setString(1, setting.getKey());
					try (ResultSet rows = show.executeQuery()) {
						rows.next();
						String actual = rows.getString(1);
						Assumptions.assumeTrue(actual.equalsIgnoreCase(setting.getValue()),
								() -> "needs " + setting.getKey() + "=" + setting.getValue() + "; "
										+ this.server.describe() + " has " + actual);
					}
				}
			}
		}
	}

	private void dropDatabase(String name) throws SQLException, InterruptedException {
		try (Connection connection = maintenanceConnection()) {
			long deadline = System.nanoTime() + 20_000_000_000L;
			while (true) {
				try (PreparedStatement terminate = connection.prepareStatement(
						"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
					terminate.setString(1, name);
					terminate.execute();
				}
				try (PreparedStatement drop = connection.prepareStatement(
						"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = ?")) {
					drop.setString(1, name);
					drop.execute();
					break;
				}
				catch (SQLException ex) {
					// a terminated walsender releases its slot a moment later
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					Thread.sleep(50);
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
			}
		}
	}

	private void dropRoles() throws SQLException {
		if (this.roles.isEmpty()) {
			return;
		}
		try (Connection connection = maintenanceConnection(); Statement statement = connection.createStatement()) {
			for (String role : this.roles) {
				statement.execute("DROP ROLE IF EXISTS \"" + role.replace("\"", "\"\"") + "\"");
			}
		}
		this.roles.clear();
	}

	private Connection maintenanceConnection() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.server.username());
		properties.setProperty("password", this.server.password());
		return java.sql.DriverManager.getConnection(this.server.jdbcUrl(this.server.maintenanceDatabase()), properties);
	}

	private static String databaseName(Class<?> testClass) {
		String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String name = "zt_" + simple;
		return (name.length() > 50 ? name.substring(0, 50) : name) + "_" + suffix;
	}

	/**
	 * Chooses the server a {@link PostgresExtension} asks for.
	 */
	public static final class Builder {

		private int version = EmbeddedPostgres.DEFAULT_VERSION;

		private boolean exactVersion;

		private final Map<String, String> settings = new LinkedHashMap<>();

		private boolean dedicated;

		private Builder() {
		}

		/** Exactly this major version (other servers skip the class). */
		public Builder version(int version) {
			this.version = version;
			this.exactVersion = true;
			return this;
		}

		public Builder setting(String name, String value) {
			this.settings.put(name, value);
			return this;
		}

		/** A server for this class alone, stopped after it: for tests that restart it. */
		public Builder dedicated() {
			this.dedicated = true;
			return this;
		}

		public PostgresExtension build() {
			return new PostgresExtension(this);
		}

	}

}
