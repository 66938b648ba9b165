package dev.zero.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.zero.shard.ShardId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each connection the starter opens names its role after the application's prefix in
 * {@code pg_stat_activity}, within PostgreSQL's 63 bytes.
 */
class UpstreamApplicationNameTests {

	private static final String URL = "jdbc:postgresql://localhost:5432/app";

	@Test
	void aRoleFollowsThePrefix() {
		Upstream upstream = Upstream.of(URL, "app", "secret", "zero/orders_0");
		assertThat(upstream.applicationName()).isEqualTo("zero/orders_0");
		assertThat(upstream.named("stream").applicationName()).isEqualTo("zero/orders_0/stream");
		assertThat(upstream.named("stream").named("monitor").applicationName()).isEqualTo("zero/orders_0/monitor");
		assertThat(upstream.named("sync").withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
			.applicationName()).isEqualTo("zero/orders_0/sync");
	}

	@Test
	void aLongPrefixIsShortenedSoThatTheRoleStaysWithin63Bytes() {
		String prefix = "zero/" + "é".repeat(40) + "_0";
		String name = Upstream.of(URL, "app", "secret", prefix).named("dead-letters").applicationName();
		assertThat(name).endsWith("/dead-letters").startsWith("zero/é");
		assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
	}

	@Test
	void theValidatorChecksAsChecks() {
		Upstream upstream = Upstream.of(URL, "app", "secret", "zero/orders_0");
		assertThat(new UpstreamValidator(upstream, InspectionSettings.defaults(new ShardId("orders", 0)))
			.upstream()
			.applicationName()).isEqualTo("zero/orders_0/checks");
	}

}
