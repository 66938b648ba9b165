package dev.zero.sample;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.zero.push.ZeroMutator;
import dev.zero.push.ZeroMutatorException;

/**
 * The server side of the todo app's Zero mutators: zero-cache forwards each mutation its web
 * clients run to {@code POST /zero/push}, and the method of the same name runs it in a
 * transaction with the bookkeeping zero-cache confirms it by. The listeners see these writes
 * like any other.
 */
@Component
class TodoMutators {

	private final JdbcClient jdbc;

	TodoMutators(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** {@code mutators.todo.create({title, listId})} on the client. */
	@ZeroMutator("todo.create")
	void create(NewTodo todo) {
		if (todo.title() == null || todo.title().isBlank()) {
			throw new ZeroMutatorException("A todo needs a title");
		}
		this.jdbc.sql("INSERT INTO todo (title, list_id) VALUES (:title, :listId)")
			.param("title", todo.title())
			.param("listId", todo.listId())
			.update();
	}

	/** {@code mutators.todo.toggle({id, done})} on the client. */
	@ZeroMutator("todo.toggle")
	void toggle(Toggle toggle) {
		int updated = this.jdbc.sql("UPDATE todo SET done = :done WHERE id = :id")
			.param("done", toggle.done())
			.param("id", toggle.id())
			.update();
		if (updated == 0) {
			throw new ZeroMutatorException("No todo " + toggle.id());
		}
	}

	record NewTodo(@Nullable String title, @Nullable Long listId) {
	}

	record Toggle(long id, boolean done) {
	}

}
