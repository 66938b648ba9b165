package dev.zero.push.autoconfigure;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.push.MutationContext;
import dev.zero.push.PushAuthorizer;
import dev.zero.push.PushRejectedException;
import dev.zero.push.ZeroCacheShardTables;
import dev.zero.push.ZeroMutator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push endpoint in a Spring MVC application (MockMvc: Spring MVC without a server, which
 * would only add seconds): {@code @ZeroMutator} methods with their parameters bound, the API
 * key, a {@link PushAuthorizer}, and the bookkeeping in the application's transaction.
 */
@SpringBootTest(properties = { "zero.app-id=todo", "zero.push.api-key=s3cret" })
class ZeroPushEndpointTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TodoMutators mutators;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> postgres.database().jdbcUrl());
		registry.add("spring.datasource.username", () -> postgres.database().username());
		registry.add("spring.datasource.password", () -> postgres.database().password());
	}

	@BeforeAll
	static void shard() {
		ZeroCacheShardTables.create(postgres.database(), "todo_0");
		postgres.database().execute("CREATE TABLE todo (id text PRIMARY KEY, title text NOT NULL, done boolean NOT NULL)");
	}

	@AfterAll
	static void dropShard() {
		ZeroCacheShardTables.drop(postgres.database(), "todo_0");
		postgres.database().execute("DROP TABLE todo");
	}

	@Test
	void runsTheMutatorsWithTheirArgumentsAndContextInTheApplicationsTransaction() throws Exception {
		MockHttpServletResponse response = push("cg1", "s3cret", "Bearer client-token",
				mutation(1, "todo.create", "{\"id\":\"t1\",\"title\":\"Milk\"}"),
				mutation(2, "todo.toggle", "{\"id\":\"t1\",\"done\":true}"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).startsWith("application/json");
		assertThat(response.getContentAsString()).isEqualTo("{\"kind\":\"MutateResponse\",\"mutations\":["
				+ "{\"id\":{\"clientID\":\"c1\",\"id\":1},\"result\":{}},{\"id\":{\"clientID\":\"c1\",\"id\":2},\"result\":{}}]}");
		assertThat(this.jdbc.queryForMap("SELECT title, done FROM todo WHERE id = 't1'"))
			.isEqualTo(Map.of("title", "Milk", "done", true));
		assertThat(this.jdbc.queryForObject(
				"SELECT \"lastMutationID\" FROM todo_0.clients WHERE \"clientGroupID\" = 'cg1' AND \"clientID\" = 'c1'",
				Long.class)).isEqualTo(2);
		assertThat(this.mutators.contexts).first()
			.isEqualTo(new MutationContext("cg1", "c1", 1, "todo.create", "client-token", null));
	}

	@Test
	void argumentsThatCannotBeBoundAreTheMutationsError() throws Exception {
		MockHttpServletResponse response = push("cg2", "s3cret", null,
				mutation(1, "todo.create", "{\"id\":\"t2\",\"title\":[1]}"));
		JsonNode result = JsonMapper.builder().build().readTree(response.getContentAsString()).at("/mutations/0/result");
		assertThat(result.path("error").asString()).isEqualTo("app");
		assertThat(result.path("message").asString()).startsWith("Invalid arguments for mutator todo.create: ");
		assertThat(this.jdbc.queryForList("SELECT id FROM todo WHERE id = 't2'")).isEmpty();
	}

	@Test
	void aPushWithoutTheApiKeyIsUnauthorized() throws Exception {
		MockHttpServletResponse response = push("cg3", "wrong", null,
				mutation(1, "todo.create", "{\"id\":\"t3\",\"title\":\"x\"}"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).isEqualTo("{\"message\":\"Missing or wrong X-Api-Key header\"}");
		assertThat(push("cg3", null, null).getStatus()).isEqualTo(401);
		assertThat(this.jdbc.queryForList("SELECT id FROM todo WHERE id = 't3'")).isEmpty();
	}

	@Test
	void aPushAuthorizerCanRejectAPush() throws Exception {
		MockHttpServletResponse response = push("cg4", "s3cret", "Bearer banned",
				mutation(1, "todo.create", "{\"id\":\"t4\",\"title\":\"x\"}"));
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentAsString()).isEqualTo("{\"message\":\"banned\"}");
		assertThat(this.jdbc.queryForList("SELECT id FROM todo WHERE id = 't4'")).isEmpty();
	}

	private MockHttpServletResponse push(String clientGroupID, String apiKey, String authorization,
			String... mutations) throws Exception {
		String body = "{\"clientGroupID\":\"" + clientGroupID + "\",\"mutations\":[" + String.join(",", mutations)
				+ "],\"pushVersion\":1,\"schemaVersion\":1,\"timestamp\":1700000000000,\"requestID\":\"r1\"}";
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post("/zero/push")
			.queryParam("schema", "todo_0")
			.queryParam("appID", "todo")
			.contentType("application/json")
			.content(body);
		if (apiKey != null) {
			request.header("X-Api-Key", apiKey);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
		return mvc.perform(request).andReturn().getResponse();
	}

	private static String mutation(long id, String name, String argument) {
		return "{\"type\":\"custom\",\"id\":" + id + ",\"clientID\":\"c1\",\"name\":\"" + name + "\",\"args\":["
				+ argument + "],\"timestamp\":1700000000000}";
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class, JacksonAutoConfiguration.class,
			WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class, ZeroPushAutoConfiguration.class })
	static class PushApplication {

		@Bean
		TodoMutators todoMutators(JdbcClient jdbc) {
			return new TodoMutators(jdbc);
		}

		@Bean
		PushAuthorizer bannedTokens() {
			return (HttpServletRequest request) -> {
				if ("Bearer banned".equals(request.getHeader("Authorization"))) {
					throw new PushRejectedException(403, "banned");
				}
			};
		}

	}

	static class TodoMutators {

		final List<MutationContext> contexts = new ArrayList<>();

		private final JdbcClient jdbc;

		TodoMutators(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		record NewTodo(String id, String title) {
		}

		@ZeroMutator("todo.create")
		void create(NewTodo todo, MutationContext context, Principal principal) {
			this.contexts.add(context);
			this.jdbc.sql("INSERT INTO todo (id, title, done) VALUES (?, ?, false)")
				.params(todo.id(), todo.title())
				.update();
		}

		@ZeroMutator("todo.toggle")
		void toggle(JsonNode args) {
			this.jdbc.sql("UPDATE todo SET done = ? WHERE id = ?")
				.params(args.path("done").asBoolean(), args.path("id").asString())
				.update();
		}

	}

}
