package dev.zero.test.testcontainers;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.autoconfigure.ZeroConnectionDetails;
import dev.zero.change.Insert;
import dev.zero.test.autoconfigure.AutoConfigureZeroTest;
import dev.zero.test.autoconfigure.ChangeRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ServiceConnection} container points the starter at itself. Needs a Docker engine:
 * skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "spring.sql.init.mode=always", "zero.embedded-postgres.enabled=false" })
@AutoConfigureZeroTest
class ZeroPostgresContainerConnectionDetailsFactoryTests {

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = ZeroPostgresContainers.logical("postgres:17");

	@Autowired
	private ZeroConnectionDetails connectionDetails;

	@Autowired
	private ChangeRecorder changes;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void streamsFromTheContainer() throws Exception {
		assertThat(this.connectionDetails.getJdbcUrl()).isEqualTo(postgres.getJdbcUrl());
		this.changes.stimulate(() -> this.jdbc.update("INSERT INTO todo (title) VALUES ('in a container')"))
			.andWaitFor(Insert.class, "todo", (row) -> "in a container".equals(row.getString("title")));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ContainerApplication {

	}

}
