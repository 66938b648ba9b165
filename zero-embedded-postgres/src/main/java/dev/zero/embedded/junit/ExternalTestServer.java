package dev.zero.embedded.junit;

import java.util.Properties;

import org.postgresql.Driver;

/**
 * A {@link TestServer} run by someone else, named by {@code ZERO_TEST_DATABASE_URL} (with
 * {@code ZERO_TEST_DATABASE_USERNAME} and {@code ZERO_TEST_DATABASE_PASSWORD}). Its role
 * must be allowed to create databases; tests that need other settings than the server has
 * are skipped.
 */
final class ExternalTestServer implements TestServer {

	private final String host;

	private final int port;

	private final String database;

	private final String username;

	private final String password;

	ExternalTestServer(String url, String username, String password) {
		Properties parsed = Driver.parseURL(url, null);
		if (parsed == null) {
			throw new IllegalArgumentException("ZERO_TEST_DATABASE_URL is not a PostgreSQL JDBC URL "
					+ "(expected jdbc:postgresql://host:port/database)");
		}
		this.host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
		this.port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
		this.database = parsed.getProperty("PGDBNAME", "postgres");
		this.username = (username != null) ? username : parsed.getProperty("user", "postgres");
		this.password = (password != null) ? password : parsed.getProperty("password", "");
	}

	static ExternalTestServer fromEnvironment(String url) {
		return new ExternalTestServer(url, TestServers.setting("ZERO_TEST_DATABASE_USERNAME"),
				TestServers.setting("ZERO_TEST_DATABASE_PASSWORD"));
	}

	@Override
	public String host() {
		return this.host;
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String username() {
		return this.username;
	}

	@Override
	public String password() {
		return this.password;
	}

	@Override
	public String maintenanceDatabase() {
		return this.database;
	}

	@Override
	public void stop() {
		// not ours to stop
	}

	@Override
	public String describe() {
		return "external server " + this.host + ":" + this.port;
	}

}
