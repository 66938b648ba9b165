package dev.zero.sample;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.change.Row;
import dev.zero.change.TableFilter;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;

/**
 * Keeps the open and done todos of each list in {@code todo_list_stats}, in the same
 * database. It is transactional: its writes commit in one transaction with the position of
 * the changes they come from, so each change counts exactly once, through crashes and
 * restarts; and its own writes are not delivered back to the application's listeners,
 * although {@code todo_list_stats} is published too.
 */
@Component
@ZeroListener(transactional = true)
class TodoListStats implements ChangeListener {

	private final JdbcClient jdbc;

	TodoListStats(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public TableFilter tables() {
		return TableFilter.of("todo");
	}

	/** Replicated state starts over: every todo follows as a snapshot insert. */
	@Override
	public void onReset(Reset reset) {
		this.jdbc.sql("DELETE FROM todo_list_stats").update();
	}

	@Override
	public void onChange(Change change) {
		if (change instanceof Insert insert) {
			count(insert.row(), 1);
		}
		else if (change instanceof Update update) {
			// the todo table has REPLICA IDENTITY FULL: every update has its old row
			if (update.old() != null) {
				count(update.old(), -1);
			}
			count(update.row(), 1);
		}
		else if (change instanceof Delete delete) {
			count(delete.old(), -1);
		}
		else if (change instanceof Truncate) {
			this.jdbc.sql("DELETE FROM todo_list_stats").update();
		}
	}

	private void count(Row todo, int delta) {
		Long list = todo.getLong("list_id");
		if (list == null) {
			return;
		}
		boolean done = Boolean.TRUE.equals(todo.getBoolean("done"));
		this.jdbc.sql("""
				INSERT INTO todo_list_stats AS s (list_id, open, done) VALUES (:list, :open, :done)
				ON CONFLICT (list_id) DO UPDATE SET open = s.open + excluded.open, done = s.done + excluded.done
				""").param("list", list).param("open", done ? 0 : delta).param("done", done ? delta : 0).update();
	}

}
