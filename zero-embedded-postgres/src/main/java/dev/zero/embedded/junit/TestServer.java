package dev.zero.embedded.junit;

import dev.zero.embedded.EmbeddedPostgres;

/**
 * A running PostgreSQL server that tests create their databases on: an embedded one, a
 * Testcontainers one, or an external one named by {@code ZERO_TEST_DATABASE_URL}.
 */
interface TestServer {

	String host();

	int port();

	/** A role that may create databases and roles on this server. */
	String username();

	String password();

	/** A database that always exists, used to create and drop the tests' databases. */
	String maintenanceDatabase();

	/** Extra JDBC URL parameters, starting with {@code ?}, or empty. */
	default String urlParameters() {
		return "";
	}

	/** The embedded server behind this one, or {@code null}. */
	default EmbeddedPostgres embedded() {
		return null;
	}

	/** Stops the server if this test run started it. */
	void stop();

	String describe();

	default String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database + urlParameters();
	}

}
