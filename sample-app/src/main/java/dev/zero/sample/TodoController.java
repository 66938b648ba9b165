package dev.zero.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The application's own business: todos in a list, stored in PostgreSQL. Nothing here knows
 * about replication.
 */
@RestController
@RequestMapping("/todos")
class TodoController {

	private final JdbcClient jdbc;

	TodoController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping
	List<Todo> list() {
		return this.jdbc.sql("SELECT id, title, done FROM todo ORDER BY id").query(Todo.class).list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Todo create(@RequestBody NewTodo todo) {
		return this.jdbc.sql("INSERT INTO todo (title, list_id) VALUES (:title, :listId) RETURNING id, title, done")
			.param("title", todo.title())
			.param("listId", todo.listId())
			.query(Todo.class)
			.single();
	}

	@PatchMapping("/{id}")
	Todo update(@PathVariable long id, @RequestBody TodoUpdate update) {
		return this.jdbc.sql("UPDATE todo SET done = :done WHERE id = :id RETURNING id, title, done")
			.param("done", update.done())
			.param("id", id)
			.query(Todo.class)
			.optional()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.jdbc.sql("DELETE FROM todo WHERE id = :id").param("id", id).update();
	}

	record Todo(long id, String title, boolean done) {
	}

	record NewTodo(String title, @Nullable Long listId) {
	}

	record TodoUpdate(boolean done) {
	}

}
