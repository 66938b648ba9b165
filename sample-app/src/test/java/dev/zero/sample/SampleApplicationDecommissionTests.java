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

import dev.zero.change.ResetReason;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code management.endpoint.zero.access=unrestricted}, {@code POST /actuator/zero/reset}
 * starts replicated state over, {@code POST /actuator/zero/resync} re-reads a table while
 * streaming and {@code POST /actuator/zero/decommission} removes the shard.
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
	void resyncThenResetThenDecommission() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.supervisor.status().replication() != null
				&& this.supervisor.status().replication().state() == ReplicationState.STREAMING);
		this.jdbc.update("INSERT INTO todo (title) SELECT 'todo ' || g FROM generate_series(1, 50) g");
		HttpResponse<String> resync = post("/actuator/zero/resync/public.todo");
		assertThat(resync.statusCode()).isEqualTo(200);
		assertThat(resync.body()).contains("re-sync of public.todo requested");
		await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/zero")
			.contains("\"resyncs\":[{\"table\":\"public.todo\",\"rows\":50,\"complete\":true}]"));
		assertThat(get("/actuator/health")).contains("\"resyncs\":[{");
		HttpResponse<String> unknown = post("/actuator/zero/resync/public.nope");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("\"error\":\"table public.nope is not published; published: ");
		HttpResponse<String> badName = post("/actuator/zero/resync/public.todo.x");
		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(badName.body()).contains("\"error\":\"Not a table name: 'public.todo.x'");
		HttpResponse<String> unknownAction = post("/actuator/zero/restart");
		assertThat(unknownAction.statusCode()).isEqualTo(400);
		assertThat(unknownAction.body()).contains("Unknown action 'restart': use reset, resync, wake or decommission");
		HttpResponse<String> reset = post("/actuator/zero/reset");
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(reset.body()).contains("reset requested");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.supervisor.status().replication().lastResetReason() == ResetReason.MANUAL
					&& this.supervisor.status().replication().state() == ReplicationState.STREAMING);
		assertThat(get("/actuator/zero")).contains("\"lastResetReason\":\"manual\"")
			.contains("\"ddlDetection\":\"event-triggers\"");
		HttpResponse<String> response = post("/actuator/zero/decommission");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("slot todo_spring_0").contains("publication _todo_spring_public_0").contains("schema todo_spring_0");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_event_trigger", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_publication", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'todo_spring_0'", Long.class))
			.isZero();
	}

	private HttpResponse<String> post(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
