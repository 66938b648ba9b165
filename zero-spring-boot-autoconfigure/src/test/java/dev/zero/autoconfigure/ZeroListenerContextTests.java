package dev.zero.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;

import dev.zero.autoconfigure.listener.ZeroListeners;
import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Change.Op;
import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationStatus;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ZeroListener} methods as an application has them, through a real stream: rows bound
 * to records and JavaBeans, the order they share with ChangeListener beans, what ops and tables
 * let through, old rows, a row that cannot be bound, and signatures refused at startup. Each
 * test uses its own app id on a schema of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZeroListenerContextTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static final List<Object> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void clear() {
		events.clear();
	}

	@Test
	void methodsReceiveRowsBoundToRecordsAndJavaBeans() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA bound", """
				CREATE TABLE bound.item (id bigint PRIMARY KEY, item_name text NOT NULL, price numeric(10,2),
				  created_at timestamptz, attributes jsonb, tags text[], uid uuid, data bytea, mood text,
				  quantity int NOT NULL, happened date)""",
				"INSERT INTO bound.item (id, item_name, quantity) VALUES (1, 'before the start', 0)");
		runner("bound").withBean(ItemListener.class).run((context) -> {
			awaitStreaming(context);
			database.execute("""
					INSERT INTO bound.item VALUES (2, 'streamed', 12.50, '2026-03-15 10:00:00+02', '{"a": [1, 2]}',
					  '{x,y}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x0102ff', 'happy', 3, '2026-03-15')""");
			await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 4);
			ReceivedItem snapshot = (ReceivedItem) events.get(0);
			assertThat(snapshot.snapshot()).isTrue();
			assertThat(snapshot.begin()).as("the rows of an initial sync belong to no transaction").isNull();
			assertThat(snapshot.item()).isEqualTo(new Item(1, "before the start", null, null, null, null, null, null,
					null, 0, null));
			ReceivedItem streamed = (ReceivedItem) events.get(2);
			assertThat(streamed.snapshot()).isFalse();
			assertThat(streamed.begin()).isNotNull();
			assertThat(streamed.begin().xid()).isEqualTo(streamed.xid());
			Item item = streamed.item();
			assertThat(item.id()).isEqualTo(2);
			assertThat(item.itemName()).isEqualTo("streamed");
			assertThat(item.price()).isEqualTo(new BigDecimal("12.50"));
			assertThat(item.createdAt()).isEqualTo(OffsetDateTime.parse("2026-03-15T10:00:00+02:00").toInstant());
			assertThat(item.attributes()).isEqualTo("{\"a\": [1, 2]}");
			assertThat(item.tags()).containsExactly("x", "y");
			assertThat(item.uid()).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
			assertThat(item.data()).containsExactly(1, 2, 0xff);
			assertThat(item.mood()).isEqualTo(Mood.HAPPY);
			assertThat(item.quantity()).isEqualTo(3);
			assertThat(item.happened()).isEqualTo(LocalDate.of(2026, 3, 15));
			ItemBean bean = (ItemBean) events.get(3);
			assertThat(bean.getId()).isEqualTo(2);
			assertThat(bean.getItemName()).isEqualTo("streamed");
			assertThat(bean.getCreatedAt()).isEqualTo(OffsetDateTime.parse("2026-03-15T10:00:00+02:00"));
			assertThat(bean.getTags()).containsExactly("x", "y");
			assertThat(bean.getMood()).isEqualTo(Mood.HAPPY);
		});
	}

	@Test
	void methodsAndChangeListenerBeansShareOneOrder() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA ordering", "CREATE TABLE ordering.t (id bigint PRIMARY KEY)");
		runner("ordering").withUserConfiguration(OrderedListeners.class).run((context) -> {
			assertThat(context.getBean(ZeroListeners.class).all()).extracting(Object::toString)
				.satisfiesExactly((first) -> assertThat(first).contains("EarlyMethods.zeroth(Insert)"),
						(second) -> assertThat(second).contains("OrderedMethods.first(Insert)"),
						(third) -> assertThat(third).contains("NamedListener"),
						(fourth) -> assertThat(fourth).contains("OrderedMethods.third(Insert)"));
			awaitStreaming(context);
			database.execute("INSERT INTO ordering.t VALUES (1)");
			await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 4);
			assertThat(events).containsExactly("class @Order(0)", "method @Order(1)", "bean @Order(2)",
					"method @Order(3)");
		});
	}

	@Test
	void opsAndTablesChooseWhatAMethodReceives() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA filtered", "CREATE TABLE filtered.a (id bigint PRIMARY KEY, v text)",
				"CREATE TABLE filtered.b (id bigint PRIMARY KEY, v text)");
		runner("filtered").withBean(FilteredListener.class).run((context) -> {
			awaitStreaming(context);
			database.execute("INSERT INTO filtered.a VALUES (1, 'x')", "INSERT INTO filtered.b VALUES (1, 'x')",
					"UPDATE filtered.a SET v = 'y'", "UPDATE filtered.b SET v = 'y'", "DELETE FROM filtered.a",
					"DELETE FROM filtered.b", "TRUNCATE filtered.a, filtered.b",
					"INSERT INTO filtered.a VALUES (99, 'last')");
			await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("rowOfA insert 99"));
			assertThat(events).containsExactly("rowOfA insert 1", "rowOfA update 1", "updatedInB 1", "deletedFromA 1",
					"rowOfA delete 1", "truncated [filtered.a, filtered.b]", "rowOfA insert 99");
		});
	}

	@Test
	void oldRowsOfUpdatesUnderReplicaIdentityFullAndOfDeletesAndTypesTheirIdentityCannotFillReportedEarly(
			CapturedOutput output) {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA olds", "CREATE TABLE olds.whole (id bigint PRIMARY KEY, title text, done bool)",
				"ALTER TABLE olds.whole REPLICA IDENTITY FULL",
				"CREATE TABLE olds.keyed (id bigint PRIMARY KEY, title text, done bool)");
		runner("olds").withBean(OldRowListener.class).run((context) -> {
			ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
			Map<String, String> check = await().atMost(Duration.ofSeconds(30))
				.until(() -> oldRowsCheck(health), Objects::nonNull);
			assertThat(check.get("status")).isEqualTo("warn");
			assertThat(check.get("found")).isEqualTo("the old rows of olds.keyed (an update's when it changes the key, "
					+ "a delete's) carry only its replica identity's columns id, and @ZeroListener method "
					+ "ZeroListenerContextTests.OldRowListener.retitled(Task) of bean "
					+ "'zeroListenerContextTests.OldRowListener' binds them to parameter 1 (Task old), whose "
					+ "done (boolean) needs a column they lack");
			assertThat(check.get("action")).contains("ALTER TABLE \"olds\".\"keyed\" REPLICA IDENTITY FULL;")
				.contains("a type with only the key columns")
				.contains("boxed types (Boolean for boolean)");
			awaitStreaming(context);
			database.execute("INSERT INTO olds.whole VALUES (1, 'a', false)", "INSERT INTO olds.keyed VALUES (1, 'a', false)",
					"UPDATE olds.whole SET title = 'b'", "UPDATE olds.keyed SET title = 'b'", "DELETE FROM olds.whole",
					"DELETE FROM olds.keyed");
			await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 4);
			assertThat(events).containsExactly(
					"update whole Todo[id=1, title=b, done=false] old Todo[id=1, title=a, done=false]",
					"update keyed Todo[id=1, title=b, done=false] old null",
					"delete whole Todo[id=1, title=b, done=false] old Todo[id=1, title=b, done=false]",
					"delete keyed Todo[id=1, title=null, done=null] old Todo[id=1, title=null, done=null]");
			assertThat(output.getOut()).contains("zero: The old rows of olds.keyed (an update's")
				.doesNotContain("The old rows of olds.whole");
		});
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, String> oldRowsCheck(ZeroHealthIndicator health) {
		Object checks = health.health(true).getDetails().get("checks");
		if (checks == null) {
			return null;
		}
		return ((List<Map<String, String>>) checks).stream()
			.filter((check) -> "old-rows".equals(check.get("id")))
			.findFirst()
			.orElse(null);
	}

	@Test
	void aRowThatCannotBeBoundFailsTheListenerNamingTableColumnAndTypeAndIsDeliveredAgain() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA strict", "CREATE TABLE strict.t (id bigint PRIMARY KEY)");
		runner("strict").withBean(StrictListener.class).run((context) -> {
			awaitStreaming(context);
			database.execute("INSERT INTO strict.t VALUES (1)");
			ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.status().replication().retries() >= 2);
			ReplicationStatus failed = supervisor.status().replication();
			assertThat(failed.error()).contains("Cannot call @ZeroListener method "
					+ "ZeroListenerContextTests.StrictListener.inserted(Strict) of bean 'zeroListenerContextTests.StrictListener'"
					+ ": A row of strict.t has no column \"version\" for Strict.version (int), which needs a value; "
					+ "its columns are id");
			assertThat(events).isEmpty();
		});
	}

	@Test
	void aMethodThatNamesATableLeftOutIsNamedByTheListenersCheck() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA uncovered", "CREATE TABLE uncovered.log (msg text)");
		runner("uncovered").withBean(UncoveredListener.class).run((context) -> {
			ZeroHealthIndicator health = context.getBean(ZeroHealthIndicator.class);
			String reason = await().atMost(Duration.ofSeconds(30))
				.until(() -> (String) health.health(true).getDetails().get("reason"),
						(text) -> text != null && text.contains("listeners name"));
			assertThat(reason).contains("uncovered.log (asked for by @ZeroListener method "
					+ "ZeroListenerContextTests.UncoveredListener.logged(Insert) of bean "
					+ "'zeroListenerContextTests.UncoveredListener')");
		});
	}

	@Test
	void aMethodWhoseSignatureCannotBeServedFailsStartupNamingTheMethodAndTheParameter() {
		assertThat(startupFailure(TwoRows.class))
			.hasMessageStartingWith("@ZeroListener method ZeroListenerContextTests.TwoRows.changed(Todo, Todo) of bean "
					+ "'zeroListenerContextTests.TwoRows' cannot be served: parameter 2 (Todo other) is a second "
					+ "parameter for the row, after parameter 1 (Todo todo)");
	}

	@Test
	void aClassAnnotationThatIsNotAboutATransactionalChangeListenerFailsStartup() {
		assertThat(startupFailure(NotAListener.class))
			.hasMessageContaining("@ZeroListener on " + NotAListener.class.getName())
			.hasMessageContaining("NotAListener is not a ChangeListener; annotate its methods instead");
		assertThat(startupFailure(TablesOnAClass.class))
			.hasMessageContaining("on a class it only says whether the listener is transactional");
		assertThat(startupFailure(AnnotatedCallback.class))
			.hasMessageContaining("@ZeroListener on AnnotatedCallback.onChange")
			.hasMessageContaining("it is a ChangeListener callback, called as such");
	}

	@Test
	void transactionalMethodsAndChangeListenerClassesAreToldApart() {
		runner("tx").withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class))
			.withUserConfiguration(TransactionalListeners.class)
			.run((context) -> {
			ZeroListeners listeners = context.getBean(ZeroListeners.class);
			assertThat(listeners.all()).hasSize(5);
			assertThat(listeners.all()).filteredOn(listeners::isTransactional)
				.extracting(Object::toString)
				.satisfiesExactlyInAnyOrder((listener) -> assertThat(listener).contains("TransactionalMethods.inside"),
						(listener) -> assertThat(listener).contains("TransactionalListener"),
						(listener) -> assertThat(listener).contains("TransactionalListener"));
			assertThat(listeners.isTransactional(context.getBean("proxied", ChangeListener.class))).isTrue();
			assertThat(listeners.isTransactional(context.getBean("plain", ChangeListener.class))).isFalse();
		});
	}

	private static ApplicationContextRunner runner(String appId) {
		return ZeroContexts.on(postgres.database())
			.withPropertyValues("zero.app-id=" + appId, "zero.publication.schemas=" + appId);
	}

	/** Why an application with {@code bean} did not start. */
	private static Throwable startupFailure(Class<?> bean) {
		List<Throwable> failure = new ArrayList<>();
		runner("failed").withBean(bean).run((context) -> {
			assertThat(context).hasFailed();
			failure.add(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()));
		});
		return failure.get(0);
	}

	private static void awaitStreaming(ApplicationContext context) {
		ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> supervisor.status().replication() != null
					&& supervisor.status().replication().state() == ReplicationState.STREAMING);
	}

	enum Mood {

		HAPPY, SAD

	}

	record Item(long id, String itemName, @Nullable BigDecimal price, @Nullable Instant createdAt,
			@Nullable String attributes, @Nullable List<String> tags, @Nullable UUID uid, byte @Nullable [] data,
			@Nullable Mood mood, int quantity, @Nullable LocalDate happened) {

		@Override
		public boolean equals(@Nullable Object other) {
			return (other instanceof Item that) && toString().equals(that.toString())
					&& java.util.Arrays.equals(this.data, that.data);
		}

		@Override
		public int hashCode() {
			return toString().hashCode();
		}

		@Override
		public String toString() {
			return "Item[" + this.id + ", " + this.itemName + ", " + this.price + ", " + this.createdAt + ", "
					+ this.attributes + ", " + this.tags + ", " + this.uid + ", " + this.mood + ", " + this.quantity
					+ ", " + this.happened + "]";
		}

	}

	record ReceivedItem(boolean snapshot, long xid, @Nullable Begin begin, Item item) {

	}

	public static class ItemBean {

		private long id;

		private @Nullable String itemName;

		private @Nullable OffsetDateTime createdAt;

		private String @Nullable [] tags;

		private @Nullable Mood mood;

		public long getId() {
			return this.id;
		}

		public void setId(long id) {
			this.id = id;
		}

		public @Nullable String getItemName() {
			return this.itemName;
		}

		public void setItemName(@Nullable String itemName) {
			this.itemName = itemName;
		}

		public @Nullable OffsetDateTime getCreatedAt() {
			return this.createdAt;
		}

		public void setCreatedAt(@Nullable OffsetDateTime createdAt) {
			this.createdAt = createdAt;
		}

		public String @Nullable [] getTags() {
			return this.tags;
		}

		public void setTags(String @Nullable [] tags) {
			this.tags = tags;
		}

		public @Nullable Mood getMood() {
			return this.mood;
		}

		public void setMood(@Nullable Mood mood) {
			this.mood = mood;
		}

	}

	static class ItemListener {

		@ZeroListener(tables = "bound.item")
		void inserted(Insert insert, Item item, @Nullable Begin begin) {
			events.add(new ReceivedItem(insert.snapshot(), insert.xid(), begin, item));
		}

		@ZeroListener(tables = "bound.item", ops = Op.INSERT)
		void insertedAsBean(ItemBean item) {
			events.add(item);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListeners {

		@Bean
		@Order(2)
		ChangeListener named() {
			return new NamedListener();
		}

		@Bean
		OrderedMethods orderedMethods() {
			return new OrderedMethods();
		}

		@Bean
		EarlyMethods earlyMethods() {
			ProxyFactory proxy = new ProxyFactory(new EarlyMethods());
			proxy.setProxyTargetClass(true);
			return (EarlyMethods) proxy.getProxy();
		}

	}

	static class NamedListener implements ChangeListener {

		@Override
		public void onChange(Change change) {
			events.add("bean @Order(2)");
		}

	}

	static class OrderedMethods {

		@ZeroListener
		@Order(3)
		void third(Insert insert) {
			events.add("method @Order(3)");
		}

		@ZeroListener
		@Order(1)
		void first(Insert insert) {
			events.add("method @Order(1)");
		}

	}

	/** A bean behind a class-based proxy, ordered by its class. */
	@Order(0)
	public static class EarlyMethods {

		@ZeroListener
		public void zeroth(Insert insert) {
			events.add("class @Order(0)");
		}

	}

	static class FilteredListener {

		@ZeroListener(tables = "filtered.a", ops = Op.DELETE)
		void deletedFromA(Change change) {
			events.add("deletedFromA " + ((Delete) change).old().getLong("id"));
		}

		@ZeroListener(tables = "filtered.a")
		void rowOfA(Change change, Row row) {
			events.add("rowOfA " + change.op() + " " + row.getLong("id"));
		}

		@ZeroListener(tables = "filtered.b")
		void updatedInB(Update update) {
			events.add("updatedInB " + update.row().getLong("id"));
		}

		@ZeroListener(ops = Op.TRUNCATE)
		void truncated(Truncate truncate) {
			events.add("truncated " + truncate.tables().stream().map(TableName::toString).sorted().toList());
		}

	}

	record Todo(long id, @Nullable String title, @Nullable Boolean done) {

	}

	static class OldRowListener {

		@ZeroListener(tables = { "olds.whole", "olds.keyed" })
		void updated(Update update, Todo todo, @ZeroListener.Old @Nullable Todo old) {
			events.add("update " + update.table().name() + " " + todo + " old " + old);
		}

		@ZeroListener(tables = { "olds.whole", "olds.keyed" })
		void deleted(Delete delete, Todo todo, @ZeroListener.Old Todo old) {
			events.add("delete " + delete.table().name() + " " + todo + " old " + old);
		}

		/** Reported for olds.keyed (its done is primitive); its updates here keep the key, so old is null. */
		@ZeroListener(tables = { "olds.whole", "olds.keyed" }, ops = Op.UPDATE)
		void retitled(@ZeroListener.Old @Nullable Task old) {
		}

	}

	record Task(long id, @Nullable String title, boolean done) {

	}

	record Strict(long id, int version) {

	}

	static class StrictListener {

		@ZeroListener(tables = "strict.t")
		void inserted(Strict strict) {
			events.add(strict);
		}

	}

	static class UncoveredListener {

		@ZeroListener(tables = "uncovered.log")
		void logged(Insert insert) {
		}

	}

	static class TwoRows {

		@ZeroListener
		void changed(Todo todo, Todo other) {
		}

	}

	@ZeroListener(transactional = true)
	static class NotAListener {

	}

	@ZeroListener(tables = "public.todo")
	static class TablesOnAClass implements ChangeListener {

		@Override
		public void onChange(Change change) {
		}

	}

	static class AnnotatedCallback implements ChangeListener {

		@Override
		@ZeroListener(transactional = true)
		public void onChange(Change change) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionalListeners {

		@Bean
		TransactionalListener transactional() {
			return new TransactionalListener();
		}

		@Bean
		ChangeListener proxied() {
			ProxyFactory proxy = new ProxyFactory(new TransactionalListener());
			proxy.addInterface(ChangeListener.class);
			return (ChangeListener) proxy.getProxy();
		}

		@Bean
		ChangeListener plain() {
			return new NamedListener();
		}

		@Bean
		TransactionalMethods transactionalMethods() {
			return new TransactionalMethods();
		}

	}

	@ZeroListener(transactional = true)
	static class TransactionalListener implements ChangeListener {

		@Override
		public void onChange(Change change) {
		}

	}

	static class TransactionalMethods {

		@ZeroListener(transactional = true)
		void inside(Insert insert) {
		}

		@ZeroListener
		void outside(Insert insert) {
		}

	}

}
