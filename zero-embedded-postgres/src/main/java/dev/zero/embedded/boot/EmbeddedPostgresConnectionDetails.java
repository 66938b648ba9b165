package dev.zero.embedded.boot;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import dev.zero.embedded.EmbeddedPostgres;

/**
 * {@link JdbcConnectionDetails} for an {@link EmbeddedPostgres} server: the application's
 * DataSource (and anything else that reads connection details) connects to it.
 */
public class EmbeddedPostgresConnectionDetails implements JdbcConnectionDetails {

	private final EmbeddedPostgres postgres;

	private final String database;

	public EmbeddedPostgresConnectionDetails(EmbeddedPostgres postgres, String database) {
		this.postgres = postgres;
		this.database = database;
	}

	@Override
	public String getJdbcUrl() {
		return this.postgres.jdbcUrl(this.database);
	}

	@Override
	public String getUsername() {
		return this.postgres.username();
	}

	@Override
	public String getPassword() {
		return this.postgres.password();
	}

	@Override
	public String getDriverClassName() {
		return "org.postgresql.Driver";
	}

}
