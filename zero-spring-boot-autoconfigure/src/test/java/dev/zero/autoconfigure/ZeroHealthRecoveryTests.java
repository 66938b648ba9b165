package dev.zero.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Status;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZeroHealthRecoveryTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.version(17)
		.setting("wal_level", "replica")
		.dedicated()
		.build();

	@Test
	void turnsUpWithoutARestartOnceTheServerIsFixed() {
		EmbeddedPostgres server = postgres.embedded();
		ZeroContexts.on(postgres.database()).run((context) -> {
			ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> indicator.health(true).getStatus(), Status.DOWN::equals);
			postgres.database().execute("ALTER SYSTEM SET wal_level = 'logical'");
			server.restart();
			await().atMost(Duration.ofSeconds(30)).until(() -> indicator.health(true).getStatus(), Status.UP::equals);
			assertThat(indicator.health(true).getDetails()).containsEntry("walLevel", "logical");
		});
	}

}
