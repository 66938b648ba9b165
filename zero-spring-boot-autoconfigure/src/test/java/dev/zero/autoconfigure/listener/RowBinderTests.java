package dev.zero.autoconfigure.listener;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.ApplicationConversionService;

import dev.zero.change.Column;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binding rows to records and JavaBeans, without a database: rows are built the way the
 * replication code builds them, from PostgreSQL's text output.
 */
class RowBinderTests {

	private static final TableName TODO = new TableName("public", "todo");

	private static final RowLayout TODO_LAYOUT = RowLayout.of(TODO, List.of(column("id", 20, true),
			column("list_id", 20, false), column("title", 25, false), column("done", 16, false),
			column("created_at", 1184, false)));

	@Test
	void bindsARecordByExactAndSnakeCaseNames() {
		Todo todo = bind(Todo.class, TODO_LAYOUT.row(TextValues.of("7", null, "water the plants", "t",
				"2026-11-23 22:40:01.12+00")));
		assertThat(todo).isEqualTo(new Todo(7, null, "water the plants", true,
				OffsetDateTime.of(2026, 11, 23, 22, 40, 1, 120_000_000, ZoneOffset.UTC)));
	}

	@Test
	void bindsAJavaBeanThroughItsSetters() {
		TodoBean todo = bind(TodoBean.class, TODO_LAYOUT.row(TextValues.of("7", "3", "water the plants", "f",
				"2026-11-23 22:40:01+00")));
		assertThat(todo.getId()).isEqualTo(7);
		assertThat(todo.getListId()).isEqualTo(3L);
		assertThat(todo.getTitle()).isEqualTo("water the plants");
		assertThat(todo.isDone()).isFalse();
		assertThat(todo.getCreatedAt()).isEqualTo(Instant.parse("2026-11-23T22:40:01Z"));
	}

	@Test
	void matchesAColumnIgnoringCaseWhenNoOtherMatches() {
		RowLayout layout = RowLayout.of(TODO,
				List.of(column("id", 20, true), column("done", 16, false), column("createdat", 1184, false)));
		Todo todo = bind(Todo.class, layout.row(TextValues.of("1", "f", "2026-01-01 00:00:00+00")));
		assertThat(todo.createdAt()).isEqualTo(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
	}

	@Test
	void readsNumericTemporalJsonArrayUuidAndByteaColumns() {
		RowLayout layout = RowLayout.of(TODO,
				List.of(column("price", 1700, false), column("big", 1700, false), column("day", 1082, false),
						column("at", 1184, false), column("attributes", 3802, false), column("tags", 1009, false),
						column("tag_array", 1009, false), column("tag_set", 1009, false), column("scores", 1007, false),
						column("uid", 2950, false), column("data", 17, false), column("mood", 25, false),
						column("count", 23, false), column("ratio", 701, false), column("zoned", 1184, false)));
		Kinds kinds = bind(Kinds.class,
				layout.row(TextValues.of("12.50", "123456789012345678901234567890", "2026-03-15",
						"2026-03-15 10:00:00+02", "{\"a\": [1, 2]}", "{a,b}", "{c,d}", "{e,e}", "{1,NULL,3}",
						"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "\\x0102ff", "happy", "42", "0.5",
						"2026-03-15 10:00:00+02")));
		assertThat(kinds.price()).isEqualByComparingTo("12.50");
		assertThat(kinds.big()).isEqualTo(new BigInteger("123456789012345678901234567890"));
		assertThat(kinds.day()).isEqualTo(LocalDate.of(2026, 3, 15));
		assertThat(kinds.at()).isEqualTo(Instant.parse("2026-03-15T08:00:00Z"));
		assertThat(kinds.attributes()).isEqualTo("{\"a\": [1, 2]}");
		assertThat(kinds.tags()).containsExactly("a", "b");
		assertThat(kinds.tagArray()).containsExactly("c", "d");
		assertThat(kinds.tagSet()).containsExactly("e");
		assertThat(kinds.scores()).containsExactly(1, null, 3);
		assertThat(kinds.uid()).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
		assertThat(kinds.data()).containsExactly(1, 2, 0xff);
		assertThat(kinds.mood()).isEqualTo(Mood.HAPPY);
		assertThat(kinds.count()).isEqualTo(42L);
		assertThat(kinds.ratio()).isEqualTo(0.5);
		assertThat(kinds.zoned()).isEqualTo(ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, ZoneOffset.ofHours(2)));
	}

	@Test
	void aMissingColumnLeavesAReferenceNull() {
		RowLayout keyOnly = TODO_LAYOUT.keyColumns();
		TodoKeyAndTitle todo = bind(TodoKeyAndTitle.class, keyOnly.row(TextValues.of("7", null, null, null, null)));
		assertThat(todo).isEqualTo(new TodoKeyAndTitle(7, null));
	}

	@Test
	void aMissingColumnForAPrimitiveComponentNamesTheTableTheColumnAndTheType() {
		Row oldKey = TODO_LAYOUT.keyColumns().row(TextValues.of("7", null, null, null, null));
		assertThatExceptionOfType(RowBindingException.class).isThrownBy(() -> bind(Todo.class, oldKey))
			.withMessage("A row of public.todo has no column \"done\" for Todo.done (boolean), which needs a value; "
					+ "its columns are id. Make it Boolean to accept a missing column, or bind the row to a type with "
					+ "only the columns it has (the old row of a delete or an update carries only the key columns "
					+ "unless the table has REPLICA IDENTITY FULL)");
	}

	@Test
	void aJavaBeanPropertyWithoutAColumnKeepsItsInitialValue() {
		Row oldKey = TODO_LAYOUT.keyColumns().row(TextValues.of("7", null, null, null, null));
		TodoBean todo = bind(TodoBean.class, oldKey);
		assertThat(todo.getId()).isEqualTo(7);
		assertThat(todo.getTitle()).isEqualTo("untitled");
	}

	@Test
	void nullForAPrimitiveIsAnErrorThatNamesTheColumn() {
		Row row = TODO_LAYOUT.row(TextValues.of("7", null, "t", null, "2026-01-01 00:00:00+00"));
		assertThatExceptionOfType(RowBindingException.class).isThrownBy(() -> bind(Todo.class, row))
			.withMessage("Column \"done\" (bool) of public.todo is NULL, which Todo.done (boolean) cannot hold: make "
					+ "it Boolean to accept NULL");
	}

	@Test
	void anUnchangedToastValueLeavesThePropertyNull() {
		Row row = TODO_LAYOUT.row(TextValues.of("7", null, TextValues.UNCHANGED, "t", "2026-01-01 00:00:00+00"));
		assertThat(bind(Todo.class, row).title()).isNull();
		assertThat(bind(TodoBean.class, row).getTitle()).isEqualTo("untitled");
	}

	@Test
	void aValueThatCannotBeConvertedNamesTheColumnAndTheProperty() {
		RowLayout layout = RowLayout.of(TODO, List.of(column("mood", 25, false)));
		assertThatExceptionOfType(RowBindingException.class)
			.isThrownBy(() -> bind(WithMood.class, layout.row(TextValues.of("grumpy"))))
			.withMessageStartingWith("WithMood.mood (Mood) cannot be read from column \"mood\" (text) "
					+ "of public.todo: ")
			.withMessageContaining("grumpy");
	}

	@Test
	void aValueAGetterRefusesNamesTheColumnAndTheProperty() {
		assertThatExceptionOfType(RowBindingException.class)
			.isThrownBy(() -> bind(WithCount.class,
					RowLayout.of(TODO, List.of(column("count", 25, false))).row(TextValues.of("many"))))
			.withMessageStartingWith("WithCount.count (long) cannot be read from column \"count\" (text) of "
					+ "public.todo: ");
	}

	@Test
	void followsANewLayoutOfTheSameTable() {
		RowBinder binder = RowBinder.of(TodoKeyAndTitle.class, ApplicationConversionService.getSharedInstance());
		RowLayout before = RowLayout.of(TODO, List.of(column("id", 20, true)));
		RowLayout after = RowLayout.of(TODO, List.of(column("id", 20, true), column("title", 25, false)));
		assertThat(binder.bind(TODO, before.row(TextValues.of("1")), false)).isEqualTo(new TodoKeyAndTitle(1, null));
		assertThat(binder.bind(TODO, after.row(TextValues.of("2", "two")), false))
			.isEqualTo(new TodoKeyAndTitle(2, "two"));
		assertThat(binder.bind(TODO, before.row(TextValues.of("3")), false)).isEqualTo(new TodoKeyAndTitle(3, null));
	}

	@Test
	void aRecordsConstructorThatRefusesTheRowIsAnError() {
		RowLayout layout = RowLayout.of(TODO, List.of(column("id", 20, true)));
		assertThatExceptionOfType(RowBindingException.class)
			.isThrownBy(() -> bind(Positive.class, layout.row(TextValues.of("-1"))))
			.withMessageContaining("The constructor of " + Positive.class.getName() + " refused the row")
			.withMessageContaining("id must be positive");
	}

	@Test
	void bindsRecordsAndJavaBeansOnly() {
		assertThat(RowBinder.whyNotBindable(Todo.class)).isNull();
		assertThat(RowBinder.whyNotBindable(TodoBean.class)).isNull();
		assertThat(RowBinder.whyNotBindable(String.class))
			.isEqualTo("String is not a record or a class with a no-argument constructor and setters");
		assertThat(RowBinder.whyNotBindable(Runnable.class)).contains("not a record");
		assertThat(RowBinder.whyNotBindable(Mood.class)).contains("not a record");
		assertThat(RowBinder.whyNotBindable(NoSetters.class)).isEqualTo("NoSetters has no setters to bind columns with");
		assertThat(RowBinder.whyNotBindable(NoDefaultConstructor.class))
			.isEqualTo("NoDefaultConstructor has no no-argument constructor to create it with");
		assertThat(RowBinder.whyNotBindable(Inner.class)).contains("is an inner class");
	}

	@Test
	void snakeCaseOfAPropertyName() {
		assertThat(RowBinder.snakeCase("createdAt")).isEqualTo("created_at");
		assertThat(RowBinder.snakeCase("id")).isEqualTo("id");
		assertThat(RowBinder.snakeCase("addressLine1")).isEqualTo("address_line1");
	}

	@Test
	void namesTheRecordsPrimitiveComponentsWhoseColumnsRowsOfOnlyTheKeyLack() {
		List<String> columns = List.of("id", "list_id", "title", "done", "created_at");
		assertThat(binder(Todo.class).needing(columns, Set.of("id"))).containsExactly("done (boolean)");
		assertThat(binder(Todo.class).needing(columns, Set.copyOf(columns))).isEmpty();
		assertThat(binder(TodoKeyAndTitle.class).needing(columns, Set.of("id"))).isEmpty();
		assertThat(binder(TodoBean.class).needing(columns, Set.of("id"))).as("a JavaBean keeps what it has").isEmpty();
	}

	private static RowBinder binder(Class<?> type) {
		return RowBinder.of(type, ApplicationConversionService.getSharedInstance());
	}

	private static <T> T bind(Class<T> type, Row row) {
		return type.cast(RowBinder.of(type, ApplicationConversionService.getSharedInstance()).bind(TODO, row, true));
	}

	private static Column column(String name, int builtinTypeOid, boolean key) {
		return RowLayout.column(name, builtinTypeOid, null, key);
	}

	record Todo(long id, @Nullable Long listId, @Nullable String title, boolean done,
			@Nullable OffsetDateTime createdAt) {
	}

	record TodoKeyAndTitle(long id, @Nullable String title) {
	}

	record Kinds(BigDecimal price, BigInteger big, LocalDate day, Instant at, String attributes, List<String> tags,
			String[] tagArray, Set<String> tagSet, List<Integer> scores, UUID uid, byte[] data, Mood mood, long count,
			double ratio, ZonedDateTime zoned) {
	}

	enum Mood {

		HAPPY, SAD

	}

	record WithMood(Mood mood) {
	}

	record WithCount(long count) {
	}

	record Positive(long id) {

		Positive {
			if (id <= 0) {
				throw new IllegalArgumentException("id must be positive");
			}
		}

	}

	static class TodoBean {

		private long id;

		private @Nullable Long listId;

		private String title = "untitled";

		private boolean done;

		private @Nullable Instant createdAt;

		long getId() {
			return this.id;
		}

		public void setId(long id) {
			this.id = id;
		}

		@Nullable Long getListId() {
			return this.listId;
		}

		public void setListId(@Nullable Long listId) {
			this.listId = listId;
		}

		String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

		boolean isDone() {
			return this.done;
		}

		public void setDone(boolean done) {
			this.done = done;
		}

		@Nullable Instant getCreatedAt() {
			return this.createdAt;
		}

		public void setCreatedAt(@Nullable Instant createdAt) {
			this.createdAt = createdAt;
		}

	}

	static class NoSetters {

		private final List<String> values = new ArrayList<>();

		List<String> getValues() {
			return this.values;
		}

	}

	static class NoDefaultConstructor {

		private long id;

		NoDefaultConstructor(long id) {
			this.id = id;
		}

		public void setId(long id) {
			this.id = id;
		}

		long getId() {
			return this.id;
		}

	}

	class Inner {

		public void setId(long id) {
		}

	}

}
