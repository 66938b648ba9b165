package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import dev.zero.autoconfigure.ZeroEndpoint.ActionResult;
import dev.zero.autoconfigure.ZeroEndpoint.CheckDescriptor;
import dev.zero.autoconfigure.ZeroEndpoint.ZeroReport;
import dev.zero.autoconfigure.ZeroEndpointWebExtension.ActionRefused;
import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZeroEndpointTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void reportsEveryCheckInOrderOnceValidated() {
		ZeroContexts.on(postgres.database())
			.withConfiguration(AutoConfigurations.of(ZeroEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=zero")
			.run((context) -> {
				ZeroEndpoint endpoint = context.getBean(ZeroEndpoint.class);
				ZeroReport report = await().atMost(Duration.ofSeconds(30))
					.until(endpoint::report, (r) -> r.checkedAt() != null);
				assertThat(report.ready()).isTrue();
				assertThat(report.state()).isEqualTo("ready");
				assertThat(report.provider()).isEqualTo("self-hosted");
				assertThat(report.serverVersion()).startsWith("17.");
				assertThat(report.checks()).extracting(CheckDescriptor::id)
					.containsExactly("connection", "server-version", "wal-level", "replication-role",
							"replication-capacity", "direct-connection", "event-triggers", "wal-retention",
							"publication-permission", "statement-timeout", "tls", "failover", "provider",
							"publications", "replica-identity");
				assertThat(report.publicationMode()).isEqualTo("schema");
				assertThat(report.publications()).singleElement().satisfies((publication) -> {
					assertThat(publication.name()).isEqualTo("_zero_spring_public_0");
					assertThat(publication.owner()).isEqualTo("starter");
				});
				assertThat(report.checks()).extracting(CheckDescriptor::status).containsOnly("ok");
			});
	}

	@Test
	void overHttpARefusedActionAnswersWithItsReason() {
		ZeroContexts.on(postgres.database())
			.withConfiguration(AutoConfigurations.of(ZeroEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=zero", "zero.replication.enabled=false")
			.run((context) -> {
				ZeroEndpointWebExtension web = context.getBean(ZeroEndpointWebExtension.class);
				WebEndpointResponse<Object> unknown = web.run("restart");
				assertThat(unknown.getStatus()).isEqualTo(400);
				assertThat(unknown.getBody()).isEqualTo(
						new ActionRefused("restart", "Unknown action 'restart': use reset, resync, wake or decommission"));
				assertThat(web.run("wake").getBody()).isEqualTo(new ActionResult("wake",
						List.of("replication is switched off: nothing to wake"), List.of()));
				WebEndpointResponse<Object> off = web.run("resync", "public.todo");
				assertThat(off.getStatus()).isEqualTo(409);
				assertThat(off.getBody()).isEqualTo(new ActionRefused("resync",
						"replication is switched off (zero.replication.enabled=false): nothing to re-sync"));
			});
	}

	@Test
	void isOnlyThereWhenExposed() {
		ZeroContexts.on(postgres.database())
			.withConfiguration(AutoConfigurations.of(ZeroEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ZeroEndpoint.class));
	}

}
