package dev.zero.sample;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.stereotype.Component;

import dev.zero.change.Change;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;

/**
 * Listeners as an application writes them: {@code @ZeroListener} methods, each todo bound to a
 * record, that keep the last 200 changes of the database in memory for {@code GET /changes}.
 */
@Component
class RecentChanges {

	static final int CAPACITY = 200;

	private final Deque<ChangeView> changes = new ArrayDeque<>();

	@ZeroListener(tables = "todo")
	void todoInserted(Insert insert, Todo todo) {
		add(new ChangeView(insert, insert.table(), todo, null));
	}

	/** Without REPLICA IDENTITY FULL an update has an old row only when it changed the key. */
	@ZeroListener(tables = "todo")
	void todoUpdated(Update update, Todo todo, @ZeroListener.Old @Nullable TodoKey old) {
		add(new ChangeView(update, update.table(), todo, old));
	}

	/** Without REPLICA IDENTITY FULL a delete carries only the key of the deleted row. */
	@ZeroListener(tables = "todo")
	void todoDeleted(Delete delete, TodoKey todo) {
		add(new ChangeView(delete, delete.table(), null, todo));
	}

	@ZeroListener(tables = "todo_list")
	void listChanged(Change change, TodoList list) {
		TableName table = new TableName("public", "todo_list");
		boolean deleted = change instanceof Delete;
		add(new ChangeView(change, table, deleted ? null : list, deleted ? list : null));
	}

	@ZeroListener
	void truncated(Truncate truncate) {
		truncate.tables().forEach((table) -> add(new ChangeView(truncate, table, null, null)));
	}

	/** The changes kept, oldest first. */
	synchronized List<ChangeView> list() {
		return new ArrayList<>(this.changes);
	}

	private synchronized void add(ChangeView view) {
		if (this.changes.size() == CAPACITY) {
			this.changes.removeFirst();
		}
		this.changes.addLast(view);
	}

	/**
	 * A row of {@code todo}: columns {@code list_id} and {@code created_at} bind to
	 * {@code listId} and {@code createdAt}, and are shown under their column names.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Todo(long id, @Nullable Long listId, String title, boolean done, OffsetDateTime createdAt) {
	}

	/** What a delete (or an update of the key) carries of a todo: its key. */
	record TodoKey(long id) {
	}

	/** A row of {@code todo_list}; a deleted one has only its id. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record TodoList(long id, @Nullable String name) {
	}

	/**
	 * One change as {@code GET /changes} shows it.
	 */
	record ChangeView(String op, String table, String lsn, String commitTime, @Nullable Object row,
			@Nullable Object old) {

		ChangeView(Change change, TableName table, @Nullable Object row, @Nullable Object old) {
			this(change.op().toString(), table.toString(), change.lsn().toString(), change.commitTime().toString(),
					row, old);
		}

	}

}
