package dev.zero.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.zerocache.ZeroCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zero's custom mutators end to end: a real Zero client ({@code @rocicorp/zero} under
 * Node.js, in-memory store, the script {@code zero-client/client.mjs}) calls mutators through
 * the real zero-cache, whose {@code ZERO_MUTATE_URL} is this Spring application's push
 * endpoint. The client sees the server's row arrive through zero-cache and its mutation
 * confirmed, a rejected mutation's error as the application threw it, and its optimistic row
 * go; the same push again is already processed. Skipped, saying why, without {@code npm}.
 *
 * <p>zero-cache authorizes the client's ad-hoc query by the permissions the schema module
 * ({@code zero-client/schema.mjs}) deploys with Zero's {@code zero-deploy-permissions}; the
 * client authenticates with an HS256 token ({@code ZERO_AUTH_SECRET}), which zero-cache
 * forwards to the push endpoint.
 */
class ZeroMutatorsEndToEndTests {

	private static final String AUTH_SECRET = "zero-e2e-secret-only-for-this-test";

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@TempDir
	static Path work;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aZeroClientsMutationsRunInSpringAndComeBackThroughZeroCache() throws Exception {
		ZeroCache.install();
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE item (id text PRIMARY KEY, title text NOT NULL)");
		Path client = Path.of(getClass().getResource("/zero-client/client.mjs").toURI());
		try (ConfigurableApplicationContext application = application(database)) {
			String pushUrl = "http://localhost:" + application.getEnvironment().getProperty("local.server.port")
					+ "/zero/push";
			try (ZeroCache zeroCache = ZeroCache.start(database, work,
					Map.of("ZERO_MUTATE_URL", pushUrl, "ZERO_AUTH_SECRET", AUTH_SECRET))) {
				zeroCache.deployPermissions(client.resolveSibling("schema.mjs"));
				Map<String, JsonNode> seen = events(zeroCache.node(client, Map.of("ZERO_AUTH_SECRET", AUTH_SECRET),
						Duration.ofSeconds(60), zeroCache.url()));

				JsonNode created = seen.get("created");
				assertThat(created.at("/client/type").asString()).isEqualTo("success");
				assertThat(created.at("/server/type").asString()).as("confirmed by the server").isEqualTo("success");
				assertThat(seen.get("synced").get("rows").toString()).as("the server's row, through zero-cache")
					.isEqualTo("[{\"id\":\"a\",\"title\":\"first (from Spring)\"}]");

				JsonNode failed = seen.get("failed");
				assertThat(failed.at("/client/type").asString()).isEqualTo("success");
				assertThat(failed.at("/server/type").asString()).isEqualTo("error");
				assertThat(failed.at("/server/error/type").asString()).isEqualTo("app");
				assertThat(failed.at("/server/error/message").asString()).isEqualTo("no item b today");
				assertThat(failed.at("/server/error/details/id").asString()).isEqualTo("b");
				assertThat(seen.get("rolledBack").get("rows").toString())
					.isEqualTo("[{\"id\":\"a\",\"title\":\"first (from Spring)\"}]");
				assertThat(database.queryForLong("SELECT count(*) FROM item WHERE id = 'b'")).isZero();

				JsonNode identity = seen.get("client");
				ItemMutators mutators = application.getBean(ItemMutators.class);
				assertThat(mutators.tokens).as("the client's token, forwarded by zero-cache")
					.containsExactly(identity.get("auth").asString(), identity.get("auth").asString());

				String clientGroupID = identity.get("clientGroupID").asString();
				String clientID = identity.get("clientID").asString();
				assertThat(database.queryForLong("SELECT \"lastMutationID\" FROM zero_0.clients WHERE \"clientGroupID\" = '"
						+ clientGroupID + "' AND \"clientID\" = '" + clientID + "'")).isEqualTo(2);
				JsonNode replay = replay(pushUrl, clientGroupID, clientID);
				assertThat(replay.at("/mutations/0/result/error").asString()).isEqualTo("alreadyProcessed");
				assertThat(database.queryForLong("SELECT count(*) FROM item")).isOne();
				assertThat(mutators.tokens).hasSize(2);
			}
		}
	}

	private static ConfigurableApplicationContext application(TestDatabase database) {
		return new SpringApplicationBuilder(EndToEndApplication.class).properties("server.port=0",
				"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "zero.enabled=false",
				"spring.main.banner-mode=off")
			.run();
	}

	/** The client's JSON lines by event; a timed-out step fails the run before this. */
	private Map<String, JsonNode> events(String output) {
		Map<String, JsonNode> events = new LinkedHashMap<>();
		output.lines()
			.filter((line) -> line.startsWith("{"))
			.map(this.json::readTree)
			.forEach((event) -> events.put(event.get("event").asString(), event));
		assertThat(events).containsKeys("client", "created", "synced", "failed", "rolledBack");
		return events;
	}

	/** The client's first mutation pushed again, as zero-cache would after a lost response. */
	private JsonNode replay(String pushUrl, String clientGroupID, String clientID) throws Exception {
		long now = System.currentTimeMillis();
		String body = this.json.writeValueAsString(Map.of("clientGroupID", clientGroupID, "pushVersion", 1,
				"timestamp", now, "requestID", "replay", "mutations",
				List.of(Map.of("type", "custom", "id", 1, "clientID", clientID, "name", "item.create", "timestamp",
						now, "args", List.of(Map.of("id", "a", "title", "first"))))));
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(pushUrl + "?schema=zero_0&appID=zero"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ItemMutators.class)
	static class EndToEndApplication {

	}

	/** The server's side of the client's {@code item.create} and {@code item.fail}. */
	static class ItemMutators {

		final List<@Nullable String> tokens = new CopyOnWriteArrayList<>();

		private final JdbcClient jdbc;

		ItemMutators(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		record Item(String id, String title) {
		}

		@ZeroMutator("item.create")
		void create(Item item, MutationContext context) {
			this.tokens.add(context.bearerToken());
			this.jdbc.sql("INSERT INTO item (id, title) VALUES (?, ?)")
				.params(item.id(), item.title() + " (from Spring)")
				.update();
		}

		@ZeroMutator("item.fail")
		void fail(Item item, MutationContext context) {
			this.tokens.add(context.bearerToken());
			this.jdbc.sql("INSERT INTO item (id, title) VALUES (?, ?)").params(item.id(), item.title()).update();
			throw new ZeroMutatorException("no item " + item.id() + " today", Map.of("id", item.id()));
		}

	}

}
