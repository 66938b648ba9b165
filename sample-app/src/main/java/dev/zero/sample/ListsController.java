package dev.zero.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Todo lists with their counts, which {@link TodoListStats} keeps from the replication stream.
 */
@RestController
@RequestMapping("/lists")
class ListsController {

	private final JdbcClient jdbc;

	ListsController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping
	List<TodoList> lists() {
		return this.jdbc.sql("""
				SELECT l.id, l.name, coalesce(s.open, 0) AS open, coalesce(s.done, 0) AS done
				FROM todo_list l LEFT JOIN todo_list_stats s ON s.list_id = l.id ORDER BY l.id
				""").query(TodoList.class).list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	TodoList create(@RequestBody NewList list) {
		return this.jdbc.sql("INSERT INTO todo_list (name) VALUES (:name) RETURNING id, name, 0 AS open, 0 AS done")
			.param("name", list.name())
			.query(TodoList.class)
			.single();
	}

	record TodoList(long id, String name, long open, long done) {
	}

	record NewList(String name) {
	}

}
