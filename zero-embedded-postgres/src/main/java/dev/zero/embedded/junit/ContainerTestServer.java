package dev.zero.embedded.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A {@link TestServer} in a Docker container from the official {@code postgres} image,
 * selected with {@code ZERO_TEST_DATABASE=testcontainers} where a Docker engine exists.
 * Settings are passed as {@code -c name=value} arguments.
 */
final class ContainerTestServer implements TestServer {

	private final PostgreSQLContainer container;

	private ContainerTestServer(PostgreSQLContainer container) {
		this.container = container;
	}

	static ContainerTestServer start(int version, Map<String, String> settings) {
		List<String> command = new ArrayList<>(List.of("postgres", "-c", "fsync=off"));
		settings.forEach((name, value) -> {
			command.add("-c");
			command.add(name + "=" + value);
		});
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + version).withUsername("postgres")
			.withPassword("postgres")
			.withDatabaseName("postgres")
			.withCommand(command.toArray(String[]::new));
		container.start();
		return new ContainerTestServer(container);
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(5432);
	}

	@Override
	public String username() {
		return this.container.getUsername();
	}

	@Override
	public String password() {
		return this.container.getPassword();
	}

	@Override
	public String maintenanceDatabase() {
		return "postgres";
	}

	@Override
	public void stop() {
		this.container.stop();
	}

	@Override
	public String describe() {
		return "container " + this.container.getDockerImageName();
	}

}
