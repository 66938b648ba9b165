package dev.zero.upstream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Where the replication upstream is and how to log in to it. Every connection the starter
 * opens comes from here, so that credentials are handled in one place: they are never part of
 * {@link #toString()}, and {@link #redact(String)} removes the password from any text (an
 * error message, a URL) before it is logged or shown.
 */
public final class Upstream {

	private static final String MASK = "******";

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final String applicationName;

	private final Properties parsedUrl;

	private Upstream(String jdbcUrl, String username, String password, String applicationName) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.applicationName = applicationName;
		this.parsedUrl = (jdbcUrl != null) ? Driver.parseURL(jdbcUrl, null) : null;
	}

	/**
	 * @param jdbcUrl the JDBC URL ({@code jdbc:postgresql://host:port/database?...})
	 * @param username the role to log in as, or {@code null} to take it from the URL
	 * @param password the password, or {@code null}
	 * @param applicationName the {@code application_name} the connections show in
	 * {@code pg_stat_activity}
	 */
	public static Upstream of(String jdbcUrl, String username, String password, String applicationName) {
		return new Upstream(jdbcUrl, username, password, applicationName);
	}

	/**
	 * Whether the URL is one the PostgreSQL JDBC driver accepts.
	 */
	public boolean isPostgresUrl() {
		return this.parsedUrl != null;
	}

	/** The role connections log in as, from the settings or the URL; may be {@code null}. */
	public String username() {
		if (this.username != null && !this.username.isEmpty()) {
			return this.username;
		}
		return (this.parsedUrl != null) ? this.parsedUrl.getProperty("user") : null;
	}

	/** The first host named by the URL, or {@code null}. */
	public String host() {
		return (this.parsedUrl != null) ? first(this.parsedUrl.getProperty("PGHOST")) : null;
	}

	/** The first port named by the URL, or 5432. */
	public int port() {
		String port = (this.parsedUrl != null) ? first(this.parsedUrl.getProperty("PGPORT")) : null;
		return (port != null) ? Integer.parseInt(port) : 5432;
	}

	public String database() {
		return (this.parsedUrl != null) ? this.parsedUrl.getProperty("PGDBNAME") : null;
	}

	/** A URL parameter such as {@code sslmode}, or {@code null}. */
	public String urlParameter(String name) {
		return (this.parsedUrl != null) ? this.parsedUrl.getProperty(name) : null;
	}

	/**
	 * Opens an ordinary connection.
	 */
	public Connection connect() throws SQLException {
		return open(properties());
	}

	/**
	 * Opens a replication-protocol connection ({@code replication=database}), the kind a
	 * logical slot is read through.
	 */
	public Connection connectForReplication() throws SQLException {
		Properties properties = properties();
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		return open(properties);
	}

	/**
	 * Replaces the password, wherever it appears in {@code text}, with a mask.
	 */
	public String redact(String text) {
		if (text == null) {
			return null;
		}
		String result = text;
		for (String secret : new String[] { this.password,
				(this.parsedUrl != null) ? this.parsedUrl.getProperty("password") : null }) {
			if (secret != null && !secret.isEmpty()) {
				result = result.replace(secret, MASK);
			}
		}
		return result.replaceAll("(?i)(password=)[^&;\\s]*", "$1" + MASK);
	}

	/**
	 * Where the upstream is, without credentials: {@code host:port/database}.
	 */
	public String describe() {
		if (this.parsedUrl == null) {
			String url = (this.jdbcUrl != null) ? this.jdbcUrl : "(no URL)";
			int query = url.indexOf('?');
			return redact((query >= 0) ? url.substring(0, query) : url);
		}
		return host() + ":" + port() + "/" + database();
	}

	@Override
	public String toString() {
		return describe();
	}

	private Connection open(Properties properties) throws SQLException {
		if (this.parsedUrl == null) {
			throw new SQLException("The upstream URL " + describe()
					+ " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)", "08001");
		}
		try {
			return DriverManager.getConnection(this.jdbcUrl, properties);
		}
		catch (SQLException ex) {
			// The driver's exception (and its causes) could carry the password: rebuild it from
			// redacted text instead of wrapping it.
			SQLException redacted = new SQLException(redact(ex.getMessage()), ex.getSQLState(), ex.getErrorCode());
			redacted.setStackTrace(ex.getStackTrace());
			throw redacted;
		}
	}

	private Properties properties() {
		Properties properties = new Properties();
		if (this.username != null && !this.username.isEmpty()) {
			PGProperty.USER.set(properties, this.username);
		}
		if (this.password != null) {
			PGProperty.PASSWORD.set(properties, this.password);
		}
		PGProperty.APPLICATION_NAME.set(properties, this.applicationName);
		PGProperty.CONNECT_TIMEOUT.set(properties, 10);
		PGProperty.TCP_KEEP_ALIVE.set(properties, true);
		return properties;
	}

	private static String first(String commaSeparated) {
		if (commaSeparated == null) {
			return null;
		}
		int comma = commaSeparated.indexOf(',');
		return (comma >= 0) ? commaSeparated.substring(0, comma) : commaSeparated;
	}

}
