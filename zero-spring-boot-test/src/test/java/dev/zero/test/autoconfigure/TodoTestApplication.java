package dev.zero.test.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.zero.change.Insert;
import dev.zero.change.ZeroListener;

/**
 * An application as a user has one: a {@code todo} table ({@code schema.sql}), a listener, and
 * the embedded server of zero-embedded-postgres since no {@code spring.datasource.url} is set.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TodoTestApplication.TitleListener.class)
class TodoTestApplication {

	/** Keeps the title of each todo inserted. */
	static class TitleListener {

		final List<String> titles = new CopyOnWriteArrayList<>();

		@ZeroListener(tables = "todo")
		void inserted(Insert insert) {
			this.titles.add(insert.row().getString("title"));
		}

	}

}
