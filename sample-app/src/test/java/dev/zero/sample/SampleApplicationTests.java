package dev.zero.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.test.autoconfigure.AutoConfigureZeroTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app over HTTP on its embedded server; {@code @AutoConfigureZeroTest} (unused here)
 * makes the context the one {@link TodoListenersIntegrationTests} uses, so both share it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureZeroTest
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedPostgres embeddedPostgres;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private DataSource dataSource;

	@Test
	void runsOnAnEmbeddedPostgres17AndTurnsReady() throws Exception {
		assertThat(this.embeddedPostgres.majorVersion()).isEqualTo(17);
		await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/readiness").statusCode() == 200);
		assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
	}

	@Test
	void healthShowsTheZeroDetails() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health").body().contains("\"walLevel\""));
		String body = get("/actuator/health").body();
		assertThat(body).contains("\"zero\":{").contains("\"walLevel\":\"logical\"").contains("\"serverVersion\":\"17.");
	}

	@Test
	void zeroEndpointShowsTheWholeReport() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/zero").body().contains("\"checkedAt\""));
		HttpResponse<String> response = get("/actuator/zero");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"provider\":\"self-hosted\"")
			.contains("\"publicationMode\":\"schema\"")
			.contains("\"name\":\"_todo_spring_public_0\"")
			.contains("\"serverVersion\":\"17.")
			.contains("{\"id\":\"wal-level\",\"status\":\"ok\",\"found\":\"wal_level is logical\",\"action\":\"\"}");
	}

	@Test
	void decommissionIsNotAvailableUnlessGranted() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/zero/decommission")).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isIn(404, 405);
	}

	@Test
	void aChangeMadeOutsideTheApplicationShowsUpInChangesWithinASecond() throws Exception {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> get("/actuator/health").body().contains("\"state\":\"streaming\""));
		this.jdbc.update("INSERT INTO todo (title, done) VALUES ('written with psql', true)");
		await().atMost(Duration.ofSeconds(1)).until(() -> get("/changes").body().contains("written with psql"));
		String changes = get("/changes").body();
		assertThat(changes).contains("\"op\":\"insert\"")
			.contains("\"table\":\"public.todo\"")
			.contains("\"title\":\"written with psql\"")
			.contains("\"done\":true")
			.contains("\"old\":null");
		assertThat(changes).containsPattern("\"lsn\":\"[0-9A-F]+/[0-9A-F]+\"");
		assertThat(changes).containsPattern("\"id\":[0-9]+,");
	}

	@Test
	void updatesAndDeletesShowTheNewRowAndTheKeyOfTheOldOne() throws Exception {
		// todo has REPLICA IDENTITY FULL (for the list counts): every update carries its old row
		await().atMost(Duration.ofSeconds(60))
			.until(() -> get("/actuator/health").body().contains("\"state\":\"streaming\""));
		long id = this.jdbc.queryForObject("INSERT INTO todo (title) VALUES ('to be done') RETURNING id", Long.class);
		this.jdbc.update("UPDATE todo SET done = true WHERE id = ?", id);
		this.jdbc.update("DELETE FROM todo WHERE id = ?", id);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> get("/changes").body().contains("\"row\":null,\"old\":{\"id\":" + id + "}"));
		assertThat(get("/changes").body())
			.contains("\"op\":\"update\"")
			.containsPattern("\"row\":\\{\"id\":" + id + ",\"list_id\":null,\"title\":\"to be done\",\"done\":true,"
					+ "\"created_at\":\"[^\"]+\"},\"old\":\\{\"id\":" + id + "\\}")
			.contains("\"op\":\"delete\"");
	}

	@Test
	void theDataSourceGivesUpOnADatabaseThatDoesNotAnswerWithinTenSeconds() {
		HikariDataSource hikari = (HikariDataSource) this.dataSource;
		assertThat(hikari.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(10).toMillis());
		assertThat(hikari.getDataSourceProperties()).containsEntry("connectTimeout", "10")
			.containsEntry("loginTimeout", "10");
	}

	@Test
	void storesTodos() throws Exception {
		HttpResponse<String> created = this.http.send(
				HttpRequest.newBuilder(uri("/todos"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"water the plants\"}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(get("/todos").body()).contains("water the plants");
	}

	@Test
	void listsShowTheirCountsKeptExactlyOnceByATransactionalListener() throws Exception {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> get("/actuator/health").body().contains("\"state\":\"streaming\""));
		String list = send("POST", "/lists", "{\"name\":\"garden\"}").body();
		long listId = Long.parseLong(list.replaceAll(".*\"id\":([0-9]+).*", "$1"));
		long[] todos = new long[3];
		for (int i = 0; i < todos.length; i++) {
			String todo = send("POST", "/todos", "{\"title\":\"task " + i + "\",\"listId\":" + listId + "}").body();
			todos[i] = Long.parseLong(todo.replaceAll(".*\"id\":([0-9]+).*", "$1"));
		}
		send("PATCH", "/todos/" + todos[0], "{\"done\":true}");
		send("DELETE", "/todos/" + todos[1], null);
		String expected = "{\"id\":" + listId + ",\"name\":\"garden\",\"open\":1,\"done\":1}";
		await().atMost(Duration.ofSeconds(10)).until(() -> get("/lists").body().contains(expected));
		assertThat(get("/changes").body()).contains("\"title\":\"task 2\"");
		// actuator's ObservationRegistry: a timer per listener and per target
		assertThat(this.meters.find("zero.listener").tag("zero.listener", "todoListStats")
			.tag("zero.table", "public.todo").tag("error", "none").timer()).isNotNull();
		assertThat(this.meters.find("zero.target").tag("zero.target", "database").tag("outcome", "commit")
			.timer()).isNotNull();
	}

	@Test
	void servesZerosMutatorsAndRecordsTheClientsLastMutationID() throws Exception {
		// zero-cache creates its shard's tables (app id todo, shard 0) when it starts; here the
		// test does, with zero-cache 1.9.0's DDL (shard.ts, getClientsTableDefinition and
		// getMutationsTableDefinition), and drops them after
		this.jdbc.execute("CREATE SCHEMA todo_0");
		try {
			this.jdbc.execute("CREATE TABLE todo_0.\"clients\" (\"clientGroupID\" TEXT NOT NULL, \"clientID\" TEXT NOT NULL,"
					+ " \"lastMutationID\" BIGINT NOT NULL, \"userID\" TEXT, PRIMARY KEY(\"clientGroupID\", \"clientID\"))");
			this.jdbc.execute("CREATE TABLE todo_0.\"mutations\" (\"clientGroupID\" TEXT NOT NULL, \"clientID\" TEXT NOT NULL,"
					+ " \"mutationID\" BIGINT NOT NULL, \"result\" JSON NOT NULL,"
					+ " PRIMARY KEY(\"clientGroupID\", \"clientID\", \"mutationID\"))");
			String push = "{\"clientGroupID\":\"cg\",\"pushVersion\":1,\"timestamp\":1,\"requestID\":\"r\",\"mutations\":["
					+ "{\"type\":\"custom\",\"id\":1,\"clientID\":\"c\",\"name\":\"todo.create\",\"timestamp\":1,"
					+ "\"args\":[{\"title\":\"pushed by zero-cache\"}]},"
					+ "{\"type\":\"custom\",\"id\":2,\"clientID\":\"c\",\"name\":\"todo.create\",\"timestamp\":1,"
					+ "\"args\":[{\"title\":\"\"}]}]}";
			HttpResponse<String> response = send("POST", "/zero/push?schema=todo_0&appID=todo", push);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"kind\":\"MutateResponse\",\"mutations\":["
					+ "{\"id\":{\"clientID\":\"c\",\"id\":1},\"result\":{}},"
					+ "{\"id\":{\"clientID\":\"c\",\"id\":2},\"result\":{\"error\":\"app\",\"message\":\"A todo needs a title\"}}]}");
			assertThat(get("/todos").body()).contains("pushed by zero-cache");
			assertThat(this.jdbc.queryForObject("SELECT \"lastMutationID\" FROM todo_0.clients WHERE \"clientID\" = 'c'",
					Long.class)).isEqualTo(2);
		}
		finally {
			this.jdbc.execute("DROP SCHEMA todo_0 CASCADE");
		}
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		return this.http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
			.method(method, body)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
