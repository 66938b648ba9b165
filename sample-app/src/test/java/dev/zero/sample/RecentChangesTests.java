package dev.zero.sample;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.zero.sample.RecentChanges.Todo;
import dev.zero.sample.RecentChanges.TodoKey;
import dev.zero.test.change.Changes;
import dev.zero.test.change.RowBuilder;
import dev.zero.test.change.Rows;
import dev.zero.test.listener.ListenerInvoker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sample's {@code @ZeroListener} methods, called as the stream calls them, without a
 * database.
 */
class RecentChangesTests {

	private static final Instant CREATED = Instant.parse("2024-03-01T12:30:00Z");

	private final RecentChanges recentChanges = new RecentChanges();

	private final ListenerInvoker listeners = ListenerInvoker.of(this.recentChanges);

	@Test
	void keepsAnInsertedTodoBoundToItsRecord() throws Exception {
		this.listeners.deliver(Changes.insert(todo(1L, "water the plants")));
		assertThat(this.recentChanges.list()).singleElement().satisfies((change) -> {
			assertThat(change.op()).isEqualTo("insert");
			assertThat(change.table()).isEqualTo("public.todo");
			assertThat(change.row()).isEqualTo(
					new Todo(1L, null, "water the plants", false, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC)));
		});
	}

	/** The todo table has REPLICA IDENTITY FULL: updates and deletes carry the whole old row. */
	@Test
	void keepsTheKeyOfTheOldRowOfAnUpdateAndADelete() throws Exception {
		this.listeners.deliver(Changes.update(todo(1L, "water the plants"), todo(1L, "water")),
				Changes.deleteWholeRow(todo(1L, "water the plants")));
		assertThat(this.recentChanges.list()).extracting(RecentChanges.ChangeView::op, RecentChanges.ChangeView::old)
			.containsExactly(tuple("update", new TodoKey(1L)),
					tuple("delete", new TodoKey(1L)));
	}

	@Test
	void leavesOutTablesItDoesNotListenTo() throws Exception {
		this.listeners.deliver(Changes.insert(Rows.of("todo_list_stats").key("list_id", 1L).column("open", 1L)));
		assertThat(this.recentChanges.list()).isEmpty();
	}

	/** A row of the todo table (schema.sql). */
	private static RowBuilder todo(long id, String title) {
		return Rows.of("todo")
			.key("id", id)
			.column("list_id", null, "bigint")
			.column("title", title)
			.column("done", false)
			.column("created_at", CREATED);
	}

}
