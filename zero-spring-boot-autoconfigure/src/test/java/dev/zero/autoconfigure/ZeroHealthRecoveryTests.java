package dev.zero.autoconfigure;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ZeroHealthRecoveryTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.version(17)
		.setting("wal_level", "replica")
		.dedicated()
		.build();

	@RegisterExtension
	static final PostgresExtension logical = PostgresExtension.logical();

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

	@Test
	void turnsDownWhileReadyWhenTheRoleLosesReplication(CapturedOutput output) {
		TestDatabase database = logical.database();
		String role = logical.createRole(database.name() + "_replicator", "LOGIN REPLICATION", "replicator-pw");
		database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO \"" + role + "\"");
		ZeroContexts.on(database)
			.withPropertyValues("spring.datasource.username=" + role, "spring.datasource.password=replicator-pw",
					"zero.validation.ready-interval=1s")
			.run((context) -> {
				ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
				ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> indicator.health(true).getStatus(), Status.UP::equals);
				Instant firstCheck = supervisor.status().report().checkedAt();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> supervisor.status().report().checkedAt(), (checkedAt) -> checkedAt.isAfter(firstCheck));
				database.execute("ALTER ROLE \"" + role + "\" NOREPLICATION");
				Health health = await().atMost(Duration.ofSeconds(10))
					.until(() -> indicator.health(true), (h) -> h.getStatus().equals(Status.DOWN));
				assertThat((String) health.getDetails().get("reason"))
					.isEqualTo("role " + role + " may not replicate (no REPLICATION attribute, not a superuser)");
				assertThat((String) health.getDetails().get("action")).contains("WITH REPLICATION");
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(output.getAll()).contains("NOT READY")
						.containsPattern("fail replication-role +role " + role + " may not replicate"));
			});
	}

}
