package dev.zero.embedded.junit;

import dev.zero.embedded.EmbeddedPostgres;

/**
 * A {@link TestServer} started by this test run from the binaries on the classpath.
 */
final class EmbeddedTestServer implements TestServer {

	private final EmbeddedPostgres postgres;

	EmbeddedTestServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	@Override
	public String host() {
		return this.postgres.host();
	}

	@Override
	public int port() {
		return this.postgres.port();
	}

	@Override
	public String username() {
		return this.postgres.username();
	}

	@Override
	public String password() {
		return this.postgres.password();
	}

	@Override
	public String maintenanceDatabase() {
		return "postgres";
	}

	@Override
	public EmbeddedPostgres embedded() {
		return this.postgres;
	}

	@Override
	public void stop() {
		this.postgres.close();
	}

	@Override
	public String describe() {
		return "embedded " + this.postgres;
	}

}
