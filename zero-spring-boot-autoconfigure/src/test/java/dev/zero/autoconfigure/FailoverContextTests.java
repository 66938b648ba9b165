package dev.zero.autoconfigure;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.replication.FailoverPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose {@code spring.datasource.url} names a primary and its standby
 * ({@code targetServerType=primary}): the checks, the provisioning and the stream all use it,
 * health names the server and timeline streamed from, and after a promotion it streams from
 * the new primary.
 */
class FailoverContextTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	static final Set<Long> received = ConcurrentHashMap.newKeySet();

	@Test
	void aMultiHostUrlServesTheApplicationAndFollowsAPromotion() throws Exception {
		try (FailoverPair pair = FailoverPair.start(17)) {
			ZeroContexts.runner()
				.withPropertyValues("spring.datasource.url=" + pair.url(), "spring.datasource.username=" + pair.username(),
						"spring.datasource.password=" + pair.password(), "zero.app-id=multihost",
						"zero.app-publications=items", "zero.replication.status-interval=1s")
				.withUserConfiguration(Listener.class)
				.run((context) -> {
					ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
					await().atMost(WAIT).until(() -> health.health(true).getStatus(), Status.UP::equals);
					assertThat(health.health(true).getDetails())
						.containsEntry("server", "127.0.0.1:" + pair.primary().port())
						.containsEntry("timeline", 1);
					insert(pair, 1);
					await().atMost(WAIT).until(() -> received.contains(1L));
					pair.awaitSyncedCopy("multihost_spring_0");

					pair.failOver();
					insert(pair, 2);
					await().atMost(WAIT).until(() -> received.contains(2L));
					await().atMost(WAIT)
						.until(() -> health.health(true).getDetails().get("timeline"), (timeline) -> timeline.equals(2));
					Health promoted = health.health(true);
					assertThat(promoted.getStatus()).isEqualTo(Status.UP);
					assertThat(promoted.getDetails()).containsEntry("state", "streaming")
						.containsEntry("server", "127.0.0.1:" + pair.standby().port())
						.doesNotContainKey("timelineDivergence");
					assertThat(((Map<?, ?>) promoted.getDetails().get("lastReset")).get("reason")).as("no reset")
						.isEqualTo("initial");
				});
		}
	}

	private static void insert(FailoverPair pair, long id) throws Exception {
		await().atMost(WAIT).ignoreExceptions().until(() -> {
			try (Connection connection = pair.connect(); Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO item (id, note) VALUES (" + id + ", 'x') ON CONFLICT DO NOTHING");
				return true;
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		@Bean
		ChangeListener ids() {
			return new ChangeListener() {

				@Override
				public void onChange(Change change) {
					if (change instanceof Insert insert) {
						received.add(insert.row().getLong("id"));
					}
				}

			};
		}

	}

}
