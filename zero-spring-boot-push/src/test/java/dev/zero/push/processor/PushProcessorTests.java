package dev.zero.push.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.push.MutationContext;
import dev.zero.push.ZeroCacheShardTables;
import dev.zero.push.ZeroMutatorException;
import dev.zero.push.ZeroMutations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of zero-server 1.9.0's push processor tests ({@code process-mutations.test.ts},
 * {@code push-processor.test.ts}) against a real PostgreSQL with zero-cache's shard tables:
 * each test its own client group, so the tests share the tables.
 */
class PushProcessorTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final String SCHEMA = "zero_0";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DataSource dataSource;

	private static JdbcTemplate jdbc;

	private final Map<String, Mutators.Mutator> mutators = new HashMap<>();

	private PushProcessor processor;

	@BeforeAll
	static void shard() {
		TestDatabase database = postgres.database();
		ZeroCacheShardTables.create(database, SCHEMA);
		database.execute("CREATE TABLE todo (id text PRIMARY KEY, title text NOT NULL)");
		// one DataSource for the transactions and the statements, which join them through it
		dataSource = database.dataSource();
		jdbc = new JdbcTemplate(dataSource);
	}

	@AfterAll
	static void dropShard() {
		ZeroCacheShardTables.drop(postgres.database(), SCHEMA);
		postgres.database().execute("DROP TABLE todo");
	}

	PushProcessorTests() {
		this.mutators.put("todo.create", (args, context) -> jdbc.update("INSERT INTO todo (id, title) VALUES (?, ?)",
				args.path("id").asString(), args.path("title").asString()));
		this.mutators.put("todo.fail", (args, context) -> {
			jdbc.update("INSERT INTO todo (id, title) VALUES (?, ?)", args.path("id").asString(), "rolled back");
			throw new ZeroMutatorException("title taken", Map.of("field", "title"));
		});
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		this.processor = new PushProcessor(new TransactionTemplate(transactionManager),
				new ShardTables(jdbc, SCHEMA), this.mutators::get, "zero", json);
	}

	@Test
	void runsMutationsInOrderAndCountsEachClientsLastMutationID() {
		JsonNode response = push("cg-order", mutation(1, "c1", "todo.create", todo("o1")),
				mutation(2, "c1", "todo.create", todo("o2")), mutation(1, "c2", "todo.create", todo("o3")));
		assertThat(response.toString()).isEqualTo("{\"kind\":\"MutateResponse\",\"mutations\":["
				+ "{\"id\":{\"clientID\":\"c1\",\"id\":1},\"result\":{}},{\"id\":{\"clientID\":\"c1\",\"id\":2},\"result\":{}},"
				+ "{\"id\":{\"clientID\":\"c2\",\"id\":1},\"result\":{}}]}");
		assertThat(lastMutationID("cg-order", "c1")).isEqualTo(2);
		assertThat(lastMutationID("cg-order", "c2")).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT id FROM todo WHERE id LIKE 'o%' ORDER BY id", String.class))
			.containsExactly("o1", "o2", "o3");
	}

	@Test
	void aReplayedMutationIsAlreadyProcessedAndDoesNotRunAgain() {
		AtomicInteger runs = new AtomicInteger();
		this.mutators.put("count", (args, context) -> runs.incrementAndGet());
		push("cg-replay", mutation(1, "c1", "count", json.nullNode()));
		JsonNode response = push("cg-replay", mutation(1, "c1", "count", json.nullNode()));
		assertThat(response.at("/mutations/0/result").toString()).isEqualTo("{\"error\":\"alreadyProcessed\",\"details\":"
				+ "\"Ignoring mutation from c1 with ID 1 as it was already processed. Expected: 2\"}");
		assertThat(runs).hasValue(1);
		assertThat(lastMutationID("cg-replay", "c1")).isEqualTo(1);
	}

	@Test
	void anOutOfOrderMutationStopsThePushAndReportsTheUnprocessed() {
		JsonNode response = push("cg-ooo", mutation(1, "c1", "todo.create", todo("q1")),
				mutation(3, "c1", "todo.create", todo("q3")), mutation(4, "c1", "todo.create", todo("q4")));
		assertThat(response.toString()).isEqualTo("{\"kind\":\"PushFailed\",\"origin\":\"server\",\"reason\":\"oooMutation\","
				+ "\"message\":\"Client c1 sent mutation ID 3 but expected 2\",\"mutationIDs\":["
				+ "{\"id\":3,\"clientID\":\"c1\"},{\"id\":4,\"clientID\":\"c1\"}]}");
		assertThat(lastMutationID("cg-ooo", "c1")).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT id FROM todo WHERE id LIKE 'q%'", String.class)).containsExactly("q1");
	}

	@Test
	void anApplicationErrorRollsBackAndIsRecordedWithTheIDInASecondTransaction() {
		JsonNode response = push("cg-app", mutation(1, "c1", "todo.fail", todo("a1")),
				mutation(2, "c1", "todo.create", todo("a2")));
		assertThat(response.at("/mutations/0").toString()).isEqualTo("{\"id\":{\"clientID\":\"c1\",\"id\":1},"
				+ "\"result\":{\"error\":\"app\",\"message\":\"title taken\",\"details\":{\"field\":\"title\"}}}");
		assertThat(response.at("/mutations/1/result").toString()).isEqualTo("{}");
		assertThat(jdbc.queryForList("SELECT id FROM todo WHERE id LIKE 'a%'", String.class)).containsExactly("a2");
		assertThat(lastMutationID("cg-app", "c1")).isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT result::text FROM zero_0.mutations WHERE \"clientGroupID\" = 'cg-app'"
				+ " AND \"clientID\" = 'c1' AND \"mutationID\" = 1", String.class))
			.isEqualTo("{\"error\":\"app\",\"message\":\"title taken\",\"details\":{\"field\":\"title\"}}");
	}

	@Test
	void anUnknownMutatorOrAFailingStatementIsAnApplicationError() {
		this.mutators.put("todo.duplicate", (args, context) -> {
			jdbc.update("INSERT INTO todo (id, title) VALUES ('d1', 'x')");
			jdbc.update("INSERT INTO todo (id, title) VALUES ('d1', 'x')");
		});
		JsonNode response = push("cg-unknown", mutation(1, "c1", "todo.nope", json.nullNode()),
				mutation(2, "c1", "todo.duplicate", json.nullNode()));
		assertThat(response.at("/mutations/0/result").toString())
			.isEqualTo("{\"error\":\"app\",\"message\":\"could not find mutator todo.nope\"}");
		assertThat(response.at("/mutations/1/result/error").asString()).isEqualTo("app");
		assertThat(response.at("/mutations/1/result/message").asString()).contains("duplicate key");
		assertThat(lastMutationID("cg-unknown", "c1")).isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM todo WHERE id = 'd1'", Long.class)).isZero();
	}

	@Test
	void aDatabaseErrorWhileRecordingTheErrorFailsThePush() {
		// the error's row exists already, so recording it fails too
		jdbc.update("INSERT INTO zero_0.mutations VALUES ('cg-db', 'c1', 1, '{}')");
		JsonNode response = push("cg-db", mutation(1, "c1", "todo.fail", todo("b1")),
				mutation(2, "c1", "todo.create", todo("b2")));
		assertThat(response.path("kind").asString()).isEqualTo("PushFailed");
		assertThat(response.path("reason").asString()).isEqualTo("database");
		assertThat(response.path("message").asString()).startsWith("Database transaction failed after opening: ")
			.contains("duplicate key");
		assertThat(response.path("mutationIDs").toString())
			.isEqualTo("[{\"id\":1,\"clientID\":\"c1\"},{\"id\":2,\"clientID\":\"c1\"}]");
		assertThat(jdbc.queryForList("SELECT \"lastMutationID\" FROM zero_0.clients WHERE \"clientGroupID\" = 'cg-db'",
				Long.class)).isEmpty();
	}

	@Test
	void anUnsupportedPushVersionProcessesNothing() {
		JsonNode response = this.processor.process(request(body("cg-version", 2, mutation(1, "c1", "todo.create", todo("v1")))));
		assertThat(response.toString()).isEqualTo("{\"kind\":\"PushFailed\",\"origin\":\"server\","
				+ "\"reason\":\"unsupportedPushVersion\",\"message\":\"Unsupported push version: 2\","
				+ "\"mutationIDs\":[{\"id\":1,\"clientID\":\"c1\"}]}");
		assertThat(jdbc.queryForList("SELECT 1 FROM zero_0.clients WHERE \"clientGroupID\" = 'cg-version'")).isEmpty();
	}

	@Test
	void anUnreadableBodyOrQueryIsAParseFailure() {
		assertThat(this.processor.process(request("{not json")).path("reason").asString()).isEqualTo("parse");
		JsonNode missingField = this.processor.process(request("{\"clientGroupID\":\"g\",\"mutations\":[],\"pushVersion\":1}"));
		assertThat(missingField.toString()).isEqualTo("{\"kind\":\"PushFailed\",\"origin\":\"server\",\"reason\":\"parse\","
				+ "\"message\":\"Failed to parse push body: timestamp must be a number\",\"mutationIDs\":[]}");
		String body = body("cg-parse", 1, mutation(1, "c1", "todo.create", todo("p1")));
		JsonNode otherShard = this.processor.process(new PushRequest(body, "zero_1", "zero", null, null));
		assertThat(otherShard.path("reason").asString()).isEqualTo("parse");
		assertThat(otherShard.path("message").asString()).contains("zero_1").contains("zero_0");
		assertThat(otherShard.path("mutationIDs").toString()).isEqualTo("[{\"id\":1,\"clientID\":\"c1\"}]");
		assertThat(this.processor.process(new PushRequest(body, null, null, null, null)).path("message").asString())
			.isEqualTo("Failed to parse push query parameters: schema and appID are required");
	}

	@Test
	void theCleanupMutationDeletesAcknowledgedResults() {
		push("cg-clean", mutation(1, "c1", "todo.fail", todo("x1")), mutation(2, "c1", "todo.fail", todo("x2")),
				mutation(1, "c2", "todo.fail", todo("x3")), mutation(1, "c3", "todo.fail", todo("x4")));
		JsonNode response = push("cg-clean",
				cleanup(json.createObjectNode().put("clientGroupID", "cg-clean").put("clientID", "c1").put("upToMutationID", 1)));
		assertThat(response.path("mutations").isEmpty()).isTrue();
		assertThat(results("cg-clean")).containsExactly("c1/2", "c2/1", "c3/1");
		JsonNode bulk = json.createObjectNode().put("type", "bulk").put("clientGroupID", "cg-clean");
		((tools.jackson.databind.node.ObjectNode) bulk).putArray("clientIDs").add("c1").add("c2");
		push("cg-clean", cleanup(bulk), cleanup(json.createObjectNode().put("nonsense", true)));
		assertThat(results("cg-clean")).containsExactly("c3/1");
		assertThat(lastMutationID("cg-clean", "c1")).isEqualTo(2);
	}

	@Test
	void eachMutatorTransactionCarriesTheMutationMessage() {
		MutationContext[] seen = new MutationContext[1];
		this.mutators.put("see", (args, context) -> seen[0] = context);
		jdbc.queryForObject("SELECT lsn::text FROM pg_create_logical_replication_slot('push_message_test', 'test_decoding')",
				String.class);
		try {
			push("cg-message", mutation(1, "c1", "see", json.nullNode()));
			List<String> changes = jdbc.queryForList(
					"SELECT data FROM pg_logical_slot_get_changes('push_message_test', NULL, NULL)", String.class);
			assertThat(changes).anySatisfy((change) -> assertThat(change).startsWith("message: transactional: 1 prefix: "
					+ ZeroMutations.MESSAGE_PREFIX)
				.endsWith("content:{\"clientGroupID\":\"cg-message\",\"clientID\":\"c1\",\"mutationID\":1,\"name\":\"see\"}"));
		}
		finally {
			jdbc.queryForObject("SELECT pg_drop_replication_slot('push_message_test')::text", String.class);
		}
		assertThat(seen[0]).isEqualTo(new MutationContext("cg-message", "c1", 1, "see", "token", null));
	}

	@Test
	void aCrudMutationIsNotServed() {
		JsonNode response = push("cg-crud", mutation(1, "c1", "todo.create", todo("r1")),
				json.readTree("{\"type\":\"crud\",\"id\":2,\"clientID\":\"c1\",\"name\":\"_zero_crud\",\"args\":[{\"ops\":[]}],\"timestamp\":1}"));
		assertThat(response.path("reason").asString()).isEqualTo("internal");
		assertThat(response.path("mutationIDs").toString()).isEqualTo("[{\"id\":2,\"clientID\":\"c1\"}]");
	}

	@Test
	void missingShardTablesAreNamed() {
		assertThat(new ShardTables(jdbc, "other_0").missing()).containsExactly("\"other_0\".\"clients\"",
				"\"other_0\".\"mutations\"");
		assertThat(new ShardTables(jdbc, SCHEMA).missing()).isEmpty();
	}

	private JsonNode push(String clientGroupID, JsonNode... mutations) {
		return this.processor.process(request(body(clientGroupID, 1, mutations)));
	}

	private static PushRequest request(String body) {
		return new PushRequest(body, SCHEMA, "zero", "token", null);
	}

	private static String body(String clientGroupID, int pushVersion, JsonNode... mutations) {
		var body = json.createObjectNode()
			.put("clientGroupID", clientGroupID)
			.put("pushVersion", pushVersion)
			.put("schemaVersion", 1)
			.put("timestamp", 1700000000000L)
			.put("requestID", "r1");
		body.putArray("mutations").addAll(List.of(mutations));
		return body.toString();
	}

	private static JsonNode mutation(long id, String clientID, String name, JsonNode argument) {
		var mutation = json.createObjectNode().put("type", "custom").put("id", id).put("clientID", clientID).put("name", name);
		mutation.putArray("args").add(argument);
		mutation.put("timestamp", 1700000000000L);
		return mutation;
	}

	private static JsonNode cleanup(JsonNode argument) {
		return mutation(0, "c1", Mutation.CLEANUP_RESULTS, argument);
	}

	private static JsonNode todo(String id) {
		return json.createObjectNode().put("id", id).put("title", "title " + id);
	}

	private static long lastMutationID(String clientGroupID, String clientID) {
		return jdbc.queryForObject("SELECT \"lastMutationID\" FROM zero_0.clients WHERE \"clientGroupID\" = ? AND \"clientID\" = ?",
				Long.class, clientGroupID, clientID);
	}

	private static List<String> results(String clientGroupID) {
		return jdbc.queryForList("SELECT \"clientID\" || '/' || \"mutationID\" FROM zero_0.mutations"
				+ " WHERE \"clientGroupID\" = ? ORDER BY 1", String.class, clientGroupID);
	}

}
