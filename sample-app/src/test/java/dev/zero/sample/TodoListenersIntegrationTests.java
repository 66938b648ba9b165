package dev.zero.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.zero.change.Insert;
import dev.zero.test.autoconfigure.AutoConfigureZeroTest;
import dev.zero.test.autoconfigure.ChangeRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's listeners on a real stream (the embedded server), in the context
 * {@link SampleApplicationTests} starts: the same annotations share it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureZeroTest
class TodoListenersIntegrationTests {

	@Autowired
	private ChangeRecorder changes;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private RecentChanges recentChanges;

	@Test
	void anInsertedTodoIsAmongTheRecentChanges() throws Exception {
		Insert insert = this.changes.stimulate(() -> this.jdbc.sql("INSERT INTO todo (title) VALUES ('mow')").update())
			.andWaitFor(Insert.class, "todo", (row) -> "mow".equals(row.getString("title")));
		assertThat(this.recentChanges.list()).anySatisfy((change) -> assertThat(change.lsn()).isEqualTo(insert.lsn().toString()));
	}

	@Test
	void aTodoCountsInItsListOnceTheTransactionalListenerCommits() throws Exception {
		long list = this.jdbc.sql("INSERT INTO todo_list (name) VALUES ('garden') RETURNING id").query(Long.class).single();
		this.changes.stimulate(() -> this.jdbc.sql("INSERT INTO todo (list_id, title) VALUES (?, 'dig')").param(list).update())
			.andWaitForStateChange(() -> this.jdbc.sql("SELECT open FROM todo_list_stats WHERE list_id = ?")
				.param(list)
				.query(Long.class)
				.optional(), (open) -> open.isPresent() && open.get() == 1);
	}

}
