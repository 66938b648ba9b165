package dev.zero.test.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.change.Delete;
import dev.zero.change.Insert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @AutoConfigureZeroTest} in a Boot test on the embedded server: the recorder waits for
 * the stream, then for the change, which every listener has handled by then.
 */
@SpringBootTest(classes = TodoTestApplication.class, properties = "spring.sql.init.mode=always")
@AutoConfigureZeroTest
class AutoConfigureZeroTestTests {

	@Autowired
	private ChangeRecorder changes;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TodoTestApplication.TitleListener listener;

	@Test
	void waitsForTheStreamThenForTheChangeEveryListenerHasHandled() throws Exception {
		Insert insert = this.changes.stimulate(() -> this.jdbc.update("INSERT INTO todo (title) VALUES ('water')"))
			.andWaitFor(Insert.class, "todo", (row) -> "water".equals(row.getString("title")));
		assertThat(insert.row().getLong("id")).isPositive();
		assertThat(this.listener.titles).contains("water");
		assertThat(this.changes.changes()).contains(insert);
		assertThat(this.changes.awaitChange(Insert.class, "public.todo")).isNotNull();
	}

	@Test
	void failsListingWhatArrivedInstead() throws Exception {
		Stimulus stimulus = this.changes.stimulate(() -> this.jdbc.update("INSERT INTO todo (title) VALUES ('dust')"));
		stimulus.andWaitFor(Insert.class, "todo", (row) -> "dust".equals(row.getString("title")));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> stimulus.within(Duration.ofMillis(200)).andWaitFor(Delete.class, "todo"))
			.withMessageStartingWith("No delete on public.todo arrived within 200 ms; arrived (1):")
			.withMessageContaining("insert public.todo {id=")
			.withMessageContaining("title=dust}");
	}

	@Test
	void waitsForAStateTheListenersReach() throws Exception {
		int count = this.changes.stimulate(() -> this.jdbc.update("INSERT INTO todo (title) VALUES ('sweep')"))
			.andWaitForStateChange(() -> this.listener.titles.contains("sweep") ? 1 : 0, (found) -> found == 1);
		assertThat(count).isEqualTo(1);
		this.changes.clear();
		assertThat(this.changes.changes()).isEmpty();
	}

}
