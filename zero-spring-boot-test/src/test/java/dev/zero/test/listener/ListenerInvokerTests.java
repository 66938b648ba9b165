package dev.zero.test.listener;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.TableFilter;
import dev.zero.change.Truncate;
import dev.zero.change.ZeroListener;
import dev.zero.test.change.Changes;
import dev.zero.test.change.RowBuilder;
import dev.zero.test.change.Rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class ListenerInvokerTests {

	private static final RowBuilder TODO = Rows.of("todo").key("id", 1L).column("title", "x").column("done", false);

	@Test
	void bindsRowsAndFiltersByTableAndKindAsAtRunTime() throws Exception {
		TodoMethods methods = new TodoMethods();
		ListenerInvoker invoker = ListenerInvoker.of(methods);
		invoker.deliver(Changes.insert(TODO), Changes.insert(Rows.of("other").key("id", 2L)),
				Changes.update(TODO, Rows.of("todo").key("id", 1L).column("title", "old").column("done", false)),
				Changes.delete(TODO), Changes.truncate("todo"));
		assertThat(methods.calls).containsExactly("inserted Todo[id=1, title=x, done=false] in 1000",
				"updated Todo[id=1, title=x, done=false] from old", "deleted 1", "truncated [public.todo]");
		assertThat(invoker.listeners()).hasSize(4);
	}

	@Test
	void refusesAMethodItCannotServeWithTheStartupMessage() {
		assertThatIllegalStateException().isThrownBy(() -> ListenerInvoker.of(new Unservable()))
			.withMessageContaining("@ZeroListener")
			.withMessageContaining("Unservable.twoRows");
		assertThatIllegalArgumentException().isThrownBy(() -> ListenerInvoker.of(new Object()))
			.withMessageContaining("has no @ZeroListener methods");
	}

	@Test
	void deliversTransactionsToAChangeListenerHonouringItsTables() throws Exception {
		RecordingListener listener = new RecordingListener();
		ListenerInvoker.of(listener)
			.deliver(Changes.insert(TODO), Changes.insert(Rows.of("other").key("id", 2L)), Changes.truncate("other", "todo"));
		ListenerInvoker.of(listener).deliver(Changes.snapshotInsert(TODO));
		assertThat(listener.events).containsExactly("begin 1000", "insert", "truncate", "commit 1000", "insert");
	}

	@Test
	void throwsWhatTheListenerThrows() {
		ListenerInvoker invoker = ListenerInvoker.of(new Failing());
		assertThatRuntimeException().isThrownBy(() -> invoker.deliver(Changes.insert(TODO))).withMessage("boom");
	}

	record Todo(long id, String title, boolean done) {
	}

	record TodoKey(long id) {
	}

	static class TodoMethods {

		final List<String> calls = new ArrayList<>();

		@ZeroListener(tables = "todo")
		void inserted(Insert insert, Todo todo, Begin begin) {
			this.calls.add("inserted " + todo + " in " + begin.xid());
		}

		@ZeroListener(tables = "todo", ops = Change.Op.UPDATE)
		void updated(Todo todo, @ZeroListener.Old @Nullable Todo old) {
			this.calls.add("updated " + todo + " from " + ((old != null) ? old.title() : null));
		}

		@ZeroListener(tables = "todo")
		void deleted(Delete delete, TodoKey key) {
			this.calls.add("deleted " + key.id());
		}

		@ZeroListener
		void truncated(Truncate truncate) {
			this.calls.add("truncated " + truncate.tables());
		}

	}

	static class Unservable {

		@ZeroListener
		void twoRows(Todo first, Todo second) {
		}

	}

	static class Failing {

		@ZeroListener
		void fail(Insert insert) {
			throw new IllegalStateException("boom");
		}

	}

	static class RecordingListener implements ChangeListener {

		final List<String> events = new ArrayList<>();

		@Override
		public void onBegin(Begin begin) {
			this.events.add("begin " + begin.xid());
		}

		@Override
		public void onChange(Change change) {
			this.events.add(change.op().toString());
		}

		@Override
		public void onCommit(Commit commit) {
			this.events.add("commit " + commit.xid());
		}

		@Override
		public TableFilter tables() {
			return TableFilter.of("todo");
		}

	}

}
