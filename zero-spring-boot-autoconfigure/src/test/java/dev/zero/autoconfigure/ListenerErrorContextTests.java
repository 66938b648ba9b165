package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.change.Insert;
import dev.zero.change.ListenerErrorHandler;
import dev.zero.change.ListenerFailure;
import dev.zero.change.LoggingRecoverer;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;
import dev.zero.deadletter.DeadLetterColumn;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A listener that throws on a change, through a real stream: skipped by the log recoverer
 * after its attempts (the README's example meeting a key change), retried while health names
 * the change, the listener and the error, and a transactional one rolled back before it is
 * recovered. Each test uses its own app id on a schema of its own; back-offs are milliseconds.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerErrorContextTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static final List<String> events = new CopyOnWriteArrayList<>();

	static final AtomicBoolean failing = new AtomicBoolean();

	@AfterEach
	void clear() {
		events.clear();
		failing.set(false);
	}

	@Test
	void theLogRecovererSkipsAKeyChangeTheReadmeExampleCannotBindAndLaterChangesArrive(CapturedOutput output) {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA errlog",
				"CREATE TABLE errlog.todo (id bigint PRIMARY KEY, title text, done boolean NOT NULL)",
				"INSERT INTO errlog.todo VALUES (1, 'a', false)");
		runner("errlog").withPropertyValues("zero.listener.error.recoverer=log", "zero.listener.error.max-attempts=3")
			.withBean(TodoIndexer.class)
			.run((context) -> {
				awaitStreaming(context);
				database.execute("UPDATE errlog.todo SET id = 100 WHERE id = 1");
				database.execute("UPDATE errlog.todo SET title = 'b' WHERE id = 100");
				await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 1);
				assertThat(events).containsExactly("retitled Todo[id=100, title=b, done=false] old null");
				assertThat(output.getAll()).contains("zero: skipping the update of errlog.todo at ")
					.contains("by @ZeroListener method ListenerErrorContextTests.TodoIndexer.retitled(Update, Todo, Todo)")
					.contains("A row of errlog.todo has no column \"done\" for Todo.done (boolean)")
					.contains("after 3 attempts");
				assertThat(context.getBean(ShardSupervisor.class).status().replication().failingChange()).isNull();
			});
	}

	@Test
	void byDefaultAFailingChangeIsRetriedUntilItSucceedsWhileHealthNamesTheChangeTheListenerAndTheError() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA errwait", "CREATE TABLE errwait.t (id bigint PRIMARY KEY)");
		failing.set(true);
		runner("errwait").withBean(FailingWhileAsked.class).run((context) -> {
			awaitStreaming(context);
			database.execute("INSERT INTO errwait.t VALUES (1)");
			ZeroHealthIndicator indicator = context.getBean(ZeroHealthIndicator.class);
			Health health = await().atMost(Duration.ofSeconds(20))
				.until(() -> indicator.health(true), (h) -> h.getDetails().containsKey("failingChange")
						&& ((Map<?, ?>) h.getDetails().get("failingChange")).get("attempts") instanceof Integer n && n >= 3);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			@SuppressWarnings("unchecked")
			Map<String, Object> failingChange = (Map<String, Object>) health.getDetails().get("failingChange");
			assertThat(failingChange).containsEntry("table", "errwait.t")
				.containsEntry("op", "insert")
				.containsEntry("listener",
						"@ZeroListener method ListenerErrorContextTests.FailingWhileAsked.inserted(Insert) of bean "
								+ "'listenerErrorContextTests.FailingWhileAsked'")
				.containsEntry("error", "java.lang.IllegalStateException: not yet")
				.containsKeys("lsn", "xid");
			assertThat((String) health.getDetails().get("reason")).startsWith("insert of errwait.t at ")
				.endsWith("failed in @ZeroListener method ListenerErrorContextTests.FailingWhileAsked.inserted(Insert)"
						+ " of bean 'listenerErrorContextTests.FailingWhileAsked': java.lang.IllegalStateException: not yet");
			assertThat(events).isEmpty();
			failing.set(false);
			await().atMost(Duration.ofSeconds(20)).until(() -> indicator.health(true).getStatus(), Status.UP::equals);
			assertThat(events).containsExactly("inserted 1");
			assertThat(indicator.health(true).getDetails()).doesNotContainKey("failingChange");
		});
	}

	@Test
	void aTransactionalListenerIsRolledBackBeforeItsRecovererRunsAndDeliveryGoesOn() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA errtx", "CREATE TABLE errtx.t (id bigint PRIMARY KEY)",
				"CREATE SCHEMA errtx_effects", "CREATE TABLE errtx_effects.e (id bigint)");
		runner("errtx")
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("zero.listener.error.max-attempts=2", "zero.replication.transactional.batch-size=1")
			.withUserConfiguration(TransactionalFailingOnTwo.class)
			.run((context) -> {
				awaitStreaming(context);
				database.execute("INSERT INTO errtx.t VALUES (1)");
				database.execute("INSERT INTO errtx.t VALUES (2)");
				database.execute("INSERT INTO errtx.t VALUES (3)");
				await().atMost(Duration.ofSeconds(20))
					.until(() -> database.queryForLong("SELECT count(*) FROM errtx_effects.e WHERE id = 3") == 1);
				assertThat(database.queryForLong("SELECT count(*) FROM errtx_effects.e WHERE id = 2"))
					.as("the failed attempts' writes were rolled back")
					.isZero();
				assertThat(database.queryForLong("SELECT count(*) FROM errtx_effects.e")).isEqualTo(2);
				assertThat(events).containsExactly("recovered insert of errtx.t after 2 attempts");
			});
	}

	@Test
	void theDeadLetterTableKeepsTheChangeTheListenerAndTheErrorAndAReplayDeliversItAgain() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA errdl",
				"CREATE TABLE errdl.todo (id bigint PRIMARY KEY, title text, tags text[], done boolean)",
				"INSERT INTO errdl.todo VALUES (1, 'a', '{x,y}', false)");
		String deadLetters = new ShardId("errdl", 0).internalSchema() + ".dead_letter";
		failing.set(true);
		runner("errdl")
			.withConfiguration(AutoConfigurations.of(ZeroEndpointAutoConfiguration.class))
			.withPropertyValues("zero.listener.error.recoverer=dead-letter-table", "zero.listener.error.max-attempts=2",
					"management.endpoints.web.exposure.include=zero")
			.withBean(MovedTodos.class)
			.run((context) -> {
				awaitStreaming(context);
				database.execute("UPDATE errdl.todo SET id = 100, title = 'moved' WHERE id = 1");
				await().atMost(Duration.ofSeconds(20))
					.until(() -> database.queryForLong("SELECT count(*) FROM " + deadLetters) == 1);
				failing.set(false);
				database.execute("UPDATE errdl.todo SET title = 'later' WHERE id = 100");
				await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 1);
				assertThat(events).containsExactly("updated TodoRow[id=100, title=later, tags=[x, y], done=false] old null");
				ZeroEndpoint endpoint = context.getBean(ZeroEndpoint.class);
				ZeroEndpoint.DeadLetterView letter = endpoint.read("dead-letters").get(0);
				assertThat(letter.table()).isEqualTo("errdl.todo");
				assertThat(letter.op()).isEqualTo("update");
				assertThat(letter.listener()).isEqualTo("@ZeroListener method ListenerErrorContextTests.MovedTodos"
						+ ".updated(Update, TodoRow, TodoRow) of bean 'listenerErrorContextTests.MovedTodos'");
				assertThat(letter.error()).isEqualTo("java.lang.IllegalStateException: not yet");
				assertThat(letter.attempts()).isEqualTo(2);
				assertThat(letter.row()).extracting(DeadLetterColumn::name, DeadLetterColumn::typeName,
						DeadLetterColumn::value)
					.containsExactly(tuple("id", "int8", "100"), tuple("title", "text", "moved"),
							tuple("tags", "_text", "{x,y}"), tuple("done", "bool", "f"));
				assertThat(letter.old()).extracting(DeadLetterColumn::name, DeadLetterColumn::value)
					.containsExactly(tuple("id", "1"));
				assertThat(database.queryForLong("SELECT count(*) FROM " + deadLetters
						+ " WHERE stack_trace LIKE 'java.lang.IllegalStateException: not yet%MovedTodos.updated%'"))
					.isEqualTo(1);
				failing.set(true);
				assertThat(endpoint.run("dead-letters", Long.toString(letter.id()), "replay").left())
					.singleElement()
					.asString()
					.endsWith("kept: " + letter.listener() + " failed again: java.lang.IllegalStateException: not yet");
				failing.set(false);
				assertThat(endpoint.run("dead-letters", Long.toString(letter.id()), "replay").done()).singleElement()
					.asString()
					.startsWith("dead letter " + letter.id() + " (update of errdl.todo at ")
					.endsWith("and deleted");
				assertThat(events).containsExactly(
						"updated TodoRow[id=100, title=later, tags=[x, y], done=false] old null",
						"updated TodoRow[id=100, title=moved, tags=[x, y], done=false] "
								+ "old TodoRow[id=1, title=null, tags=null, done=null]");
				assertThat(database.queryForLong("SELECT count(*) FROM " + deadLetters)).isZero();
			});
	}

	private static ApplicationContextRunner runner(String appId) {
		return ZeroContexts.on(postgres.database())
			.withPropertyValues("zero.app-id=" + appId, "zero.publication.schemas=" + appId,
					"zero.listener.error.back-off.initial-interval=10ms",
					"zero.listener.error.back-off.max-interval=50ms");
	}

	private static void awaitStreaming(ApplicationContext context) {
		ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> supervisor.status().replication() != null
					&& supervisor.status().replication().state() == ReplicationState.STREAMING);
	}

	/** The README's example: a primitive {@code done}, which a key-only old row cannot fill. */
	static class TodoIndexer {

		record Todo(long id, @Nullable String title, boolean done) {

		}

		@ZeroListener(tables = "errlog.todo")
		void retitled(Update update, Todo todo, @ZeroListener.Old @Nullable Todo old) {
			events.add("retitled " + todo + " old " + old);
		}

	}

	record TodoRow(long id, @Nullable String title, @Nullable List<String> tags, @Nullable Boolean done) {

	}

	static class MovedTodos {

		@ZeroListener(tables = "errdl.todo")
		void updated(Update update, TodoRow todo, @ZeroListener.Old @Nullable TodoRow old) {
			if (failing.get()) {
				throw new IllegalStateException("not yet");
			}
			events.add("updated " + todo + " old " + old);
		}

	}

	static class FailingWhileAsked {

		@ZeroListener(tables = "errwait.t")
		void inserted(Insert insert) {
			if (failing.get()) {
				throw new IllegalStateException("not yet");
			}
			events.add("inserted " + insert.row().getLong("id"));
		}

	}

	static class TransactionalFailingOnTwo {

		@Bean
		Object failingOnTwo(JdbcTemplate jdbc) {
			return new Object() {

				@ZeroListener(tables = "errtx.t", transactional = true)
				void on(Insert insert) {
					long id = insert.row().getLong("id");
					jdbc.update("INSERT INTO errtx_effects.e VALUES (?)", id);
					if (id == 2) {
						throw new IllegalStateException("two fails");
					}
				}

			};
		}

		@Bean
		ListenerErrorHandler recordingHandler(ZeroProperties properties) {
			ListenerErrorHandler configured = ListenerErrorHandlerMapper.handler(properties.getListener().getError(),
					LoggingRecoverer::new, () -> null);
			return new ListenerErrorHandler() {

				@Override
				public @Nullable Duration retryDelay(ListenerFailure failure) {
					return (failure.attempt() >= 2) ? null : configured.retryDelay(failure);
				}

				@Override
				public void recover(ListenerFailure failure) {
					events.add("recovered " + failure.change().op() + " of " + failure.table() + " after "
							+ failure.attempt() + " attempts");
				}

			};
		}

	}

}
