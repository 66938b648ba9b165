package dev.zero.test.testcontainers;

import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

import dev.zero.autoconfigure.ZeroConnectionDetails;

/**
 * {@link ZeroConnectionDetails} for a {@code @ServiceConnection} {@link PostgreSQLContainer}:
 * the starter connects to the container directly, with its user (a superuser of the image),
 * as Spring Boot's own factory points the DataSource at it. Registered in
 * {@code META-INF/spring.factories}.
 */
class ZeroPostgresContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<PostgreSQLContainer, ZeroConnectionDetails> {

	@Override
	protected ZeroConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<PostgreSQLContainer> source) {
		return new PostgresContainerZeroConnectionDetails(source);
	}

	/** The container's JDBC URL and credentials, read once it has started. */
	static final class PostgresContainerZeroConnectionDetails extends ContainerConnectionDetails<PostgreSQLContainer>
			implements ZeroConnectionDetails {

		PostgresContainerZeroConnectionDetails(ContainerConnectionSource<PostgreSQLContainer> source) {
			super(source);
		}

		@Override
		public String getJdbcUrl() {
			return getContainer().getJdbcUrl();
		}

		@Override
		public String getUsername() {
			return getContainer().getUsername();
		}

		@Override
		public String getPassword() {
			return getContainer().getPassword();
		}

	}

}
