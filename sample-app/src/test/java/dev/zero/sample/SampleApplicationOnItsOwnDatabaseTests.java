package dev.zero.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.zero.autoconfigure.ZeroHealthIndicator;
import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.datasource.url} set (as {@code SPRING_DATASOURCE_URL} does), the sample
 * app uses that database and starts no embedded server.
 */
@SpringBootTest
class SampleApplicationOnItsOwnDatabaseTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> postgres.database().jdbcUrl());
		registry.add("spring.datasource.username", () -> postgres.database().username());
		registry.add("spring.datasource.password", () -> postgres.database().password());
	}

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ZeroHealthIndicator health;

	@Test
	void usesTheConfiguredDatabaseAndNoEmbeddedServer() {
		assertThat(this.context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.health.health(true).getStatus(), Status.UP::equals);
		assertThat(this.health.health(true).getDetails().get("upstream"))
			.isEqualTo(postgres.database().host() + ":" + postgres.database().port() + "/" + postgres.database().name());
		assertThat(postgres.database().queryForLong("SELECT count(*) FROM pg_tables WHERE tablename = 'todo'"))
			.isEqualTo(1);
	}

}
