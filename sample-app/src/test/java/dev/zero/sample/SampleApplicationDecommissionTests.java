package dev.zero.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.shard.ShardState;
import dev.zero.shard.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code management.endpoint.zero.access=unrestricted}, {@code POST /actuator/zero}
 * decommissions the shard.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.zero.access=unrestricted")
class SampleApplicationDecommissionTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ShardSupervisor supervisor;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void decommissionRemovesThePublicationAndTheSchema() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.supervisor.status().state() == ShardState.READY);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/zero"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("slot todo_0").contains("publication _todo_public_0").contains("schema todo_0");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_publication", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'todo_0'", Long.class))
			.isZero();
	}

}
