package dev.zero.embedded.junit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import dev.zero.embedded.EmbeddedPostgres;

/**
 * A database created for one test class on a {@link TestServer}, with the server's
 * administrative role as its owner.
 */
public final class TestDatabase {

	private final TestServer server;

	private final String name;

	TestDatabase(TestServer server, String name) {
		this.server = server;
		this.name = name;
	}

	public String name() {
		return this.name;
	}

	public String host() {
		return this.server.host();
	}

	public int port() {
		return this.server.port();
	}

	public String jdbcUrl() {
		return this.server.jdbcUrl(this.name);
	}

	/** A role with the rights to create databases and roles (a superuser on embedded servers). */
	public String username() {
		return this.server.username();
	}

	public String password() {
		return this.server.password();
	}

	/** The embedded server behind this database, or {@code null} when the tests run elsewhere. */
	public EmbeddedPostgres embedded() {
		return this.server.embedded();
	}

	public Connection connect() throws SQLException {
		return connect(username(), password());
	}

	public Connection connect(String user, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection(jdbcUrl(), properties);
	}

	/** A non-pooling data source for the administrative role. */
	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(jdbcUrl());
		dataSource.setUser(username());
		dataSource.setPassword(password());
		return dataSource;
	}

	/** Runs each statement in its own transaction, as the administrative role. */
	public void execute(String... statements) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Statement failed: " + ex.getMessage(), ex);
		}
	}

	/** The first column of the first row of {@code sql}, as text, or {@code null}. */
	public String queryForString(String sql) {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed: " + ex.getMessage(), ex);
		}
	}

	public long queryForLong(String sql) {
		return Long.parseLong(queryForString(sql));
	}

	@Override
	public String toString() {
		return "database " + this.name + " on " + this.server.describe();
	}

}
