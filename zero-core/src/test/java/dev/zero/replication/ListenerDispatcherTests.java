package dev.zero.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Lsn;
import dev.zero.change.TableFilter;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Delivery to several listeners: in order, through each one's table filter, stopping at the
 * first that throws, counting what was delivered.
 */
class ListenerDispatcherTests {

	private static final TableName A = new TableName("public", "a");

	private static final TableName B = new TableName("public", "b");

	private final List<String> calls = new ArrayList<>();

	private final List<String> counted = new ArrayList<>();

	private final ReplicationMetrics metrics = new ReplicationMetrics() {

		@Override
		public void change(TableName table, Change.Op op) {
			ListenerDispatcherTests.this.counted.add(table + " " + op);
		}

		@Override
		public void transaction(Duration delivery) {
			ListenerDispatcherTests.this.counted.add("transaction");
		}

	};

	@Test
	void listenersAreCalledInOrderThroughTheirFilters() throws ListenerException {
		ListenerDispatcher dispatcher = new ListenerDispatcher(
				List.of(listener("all", TableFilter.all()), listener("onlyB", TableFilter.of("public.b"))), this.metrics);
		dispatcher.change(truncate(A));
		dispatcher.change(truncate(B));
		dispatcher.change(truncate(A, B));
		dispatcher.commit(new Commit(7, Lsn.of(10), Lsn.of(11), Instant.now()));
		assertThat(this.calls).containsExactly("all public.a", "all public.b", "onlyB public.b", "all public.a",
				"onlyB public.a", "all commit", "onlyB commit");
		assertThat(this.counted).containsExactly("public.a truncate", "public.b truncate", "public.a truncate",
				"public.b truncate", "transaction");
	}

	@Test
	void theFirstListenerThatThrowsStopsTheOthersAndIsNamed() {
		ChangeListener failing = (change) -> {
			throw new IllegalStateException("boom");
		};
		ListenerDispatcher dispatcher = new ListenerDispatcher(List.of(failing, listener("after", TableFilter.all())),
				this.metrics);
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> dispatcher.change(truncate(A)))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(this.calls).isEmpty();
		assertThat(this.counted).isEmpty();
	}

	private ChangeListener listener(String name, TableFilter filter) {
		return new ChangeListener() {

			@Override
			public void onChange(Change change) {
				ListenerDispatcherTests.this.calls.add(name + " " + ((Truncate) change).tables().get(0));
			}

			@Override
			public void onCommit(Commit commit) {
				ListenerDispatcherTests.this.calls.add(name + " commit");
			}

			@Override
			public TableFilter tables() {
				return filter;
			}

		};
	}

	private static Truncate truncate(TableName... tables) {
		return new Truncate(List.of(tables), false, false, 7, Lsn.of(9), Instant.now());
	}

}
