package dev.zero.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.DefaultListenerErrorHandler;
import dev.zero.change.Insert;
import dev.zero.change.ListenerBackOff;
import dev.zero.change.ListenerFailure;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.row.RowLayout;
import dev.zero.row.RowValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What happens when a listener throws on a change: retried in place outside a transaction,
 * through its target's rollback inside one, then recovered or stopped, with the failing change
 * named while it is retried.
 */
class ListenerErrorsTests {

	private static final TableName TODO_TABLE = new TableName("public", "todo");

	private final List<String> calls = new ArrayList<>();

	private final List<Duration> waits = new ArrayList<>();

	private final List<String> recovered = new ArrayList<>();

	private final List<String> counted = new ArrayList<>();

	private final ReplicationMetrics metrics = new ReplicationMetrics() {

		@Override
		public void recovered(TableName table, Change.Op op) {
			ListenerErrorsTests.this.counted.add(table + " " + op);
		}

	};

	@Test
	void aListenerOutsideATransactionIsRetriedInPlaceThenRecoveredAndTheOthersGoOn() throws ListenerException {
		ListenerErrors errors = errors(3);
		ListenerDispatcher dispatcher = new ListenerDispatcher(
				List.of(recording("before"), failing("bad", Integer.MAX_VALUE), recording("after")),
				ReplicationMetrics.NONE, errors, true);
		dispatcher.change(truncate(10));
		assertThat(this.calls).containsExactly("before", "bad", "bad", "bad", "after");
		assertThat(this.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
		assertThat(this.recovered).containsExactly("truncate of public.todo at 0/A (xid 7) by bad: "
				+ "java.lang.IllegalStateException: bad fails (attempt 3)");
		assertThat(this.counted).containsExactly("public.todo truncate");
		assertThat(errors.failing()).isNull();
	}

	@Test
	void aListenerThatSucceedsOnARetryIsNotRecovered() throws ListenerException {
		ListenerErrors errors = errors(5);
		new ListenerDispatcher(List.of(failing("flaky", 2), recording("after")), ReplicationMetrics.NONE, errors, true)
			.change(truncate(10));
		assertThat(this.calls).containsExactly("flaky", "flaky", "flaky", "after");
		assertThat(this.recovered).isEmpty();
		assertThat(errors.failing()).isNull();
	}

	@Test
	void withoutARecovererNothingIsSkippedAndTheFailingChangeIsNamedWhileItIsRetried() {
		List<@Nullable FailingChange> seen = new ArrayList<>();
		ListenerErrors[] errors = new ListenerErrors[1];
		errors[0] = new ListenerErrors(new DefaultListenerErrorHandler(backOff(2), null), (delay) -> {
			seen.add(errors[0].failing());
			return seen.size() < 5;
		}, this.metrics);
		ListenerDispatcher dispatcher = new ListenerDispatcher(List.of(failing("bad", Integer.MAX_VALUE)),
				ReplicationMetrics.NONE, errors[0], true);
		assertThatExceptionOfType(ListenerException.class).as("stopped while retrying")
			.isThrownBy(() -> dispatcher.change(truncate(10)));
		assertThat(this.calls).hasSize(5);
		assertThat(seen).last()
			.isEqualTo(new FailingChange(TODO_TABLE, Change.Op.TRUNCATE, Lsn.of(10), 7, "bad",
					"java.lang.IllegalStateException: bad fails (attempt 5)", 5));
		assertThat(this.counted).isEmpty();
	}

	@Test
	void aTransactionalListenerFailsTheTransactionEachTimeThenIsRecoveredInItsPlaceOnTheNextDelivery()
			throws ListenerException {
		ListenerErrors errors = errors(2);
		ListenerDispatcher dispatcher = new ListenerDispatcher(List.of(failing("tx", Integer.MAX_VALUE)),
				ReplicationMetrics.NONE, errors, false);
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> dispatcher.change(truncate(10)))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMillis(10)));
		assertThat(errors.failing().attempts()).isEqualTo(1);
		assertThatExceptionOfType(ListenerException.class).as("given up: rolled back before the recoverer runs")
			.isThrownBy(() -> dispatcher.change(truncate(10)))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ZERO));
		assertThat(this.recovered).isEmpty();
		dispatcher.change(truncate(10));
		assertThat(this.calls).as("the recoverer ran in the listener's place").containsExactly("tx", "tx");
		assertThat(this.recovered).singleElement().asString().contains("attempt 2");
		assertThat(errors.failing()).isNull();
		assertThatExceptionOfType(ListenerException.class).as("a later change is the listener's again")
			.isThrownBy(() -> dispatcher.change(truncate(20)));
	}

	@Test
	void aRecovererThatThrowsStopsDeliveryAndIsAskedAgainNextTime() {
		ListenerErrors errors = new ListenerErrors(new DefaultListenerErrorHandler(backOff(1), (failure) -> {
			this.recovered.add("attempt");
			throw new IllegalStateException("dead letters unreachable");
		}), (delay) -> true, this.metrics);
		ListenerDispatcher dispatcher = new ListenerDispatcher(List.of(failing("bad", Integer.MAX_VALUE)),
				ReplicationMetrics.NONE, errors, true);
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> dispatcher.change(truncate(10)))
			.withMessageContaining("dead letters unreachable");
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> dispatcher.change(truncate(10)));
		assertThat(this.calls).containsExactly("bad");
		assertThat(this.recovered).containsExactly("attempt", "attempt");
		assertThat(this.counted).isEmpty();
	}

	@Test
	void rowsOfACopyThatShareAPositionAreNeverTakenForOneAnother() throws ListenerException {
		ListenerErrors errors = new ListenerErrors(new DefaultListenerErrorHandler(backOff(1), (failure) -> {
			throw new IllegalStateException("cannot recover");
		}), (delay) -> true, this.metrics);
		ChangeListener failsOnFirst = failing("plain", 1);
		ListenerDispatcher plain = new ListenerDispatcher(List.of(failsOnFirst), ReplicationMetrics.NONE, errors, true);
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> plain.change(snapshotRow()));
		plain.change(snapshotRow());
		assertThat(this.calls).as("the second row went to the listener, not to the recoverer")
			.containsExactly("plain", "plain");
		ListenerDispatcher transactional = new ListenerDispatcher(List.of(failing("tx", 1)), ReplicationMetrics.NONE,
				errors, false);
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> transactional.change(snapshotRow()))
			.satisfies((ex) -> assertThat(ex.retryAfter()).as("the copy starts over").isNull());
	}

	@Test
	void theBackOffGrowsByItsMultiplierUpToItsMaximum() {
		ListenerBackOff backOff = new ListenerBackOff(10, Duration.ofMillis(100), 3, Duration.ofMillis(500));
		assertThat(List.of(1, 2, 3, 4).stream().map(backOff::delayAfter)).containsExactly(Duration.ofMillis(100),
				Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(500));
	}

	private ListenerErrors errors(int maxAttempts) {
		return new ListenerErrors(new DefaultListenerErrorHandler(backOff(maxAttempts),
				(failure) -> this.recovered.add(failure.describe())), (delay) -> this.waits.add(delay), this.metrics);
	}

	private static ListenerBackOff backOff(int maxAttempts) {
		return new ListenerBackOff(maxAttempts, Duration.ofMillis(10), 2, Duration.ofSeconds(1));
	}

	private ChangeListener recording(String name) {
		return named(name, (change) -> this.calls.add(name));
	}

	/** Fails its first {@code failures} calls. */
	private ChangeListener failing(String name, int failures) {
		int[] count = new int[1];
		return named(name, (change) -> {
			this.calls.add(name);
			if (++count[0] <= failures) {
				throw new IllegalStateException(name + " fails (attempt " + count[0] + ")");
			}
		});
	}

	private static ChangeListener named(String name, ChangeListener listener) {
		return new ChangeListener() {

			@Override
			public void onChange(Change change) throws Exception {
				listener.onChange(change);
			}

			@Override
			public String toString() {
				return name;
			}

		};
	}

	private static Insert snapshotRow() {
		Row row = RowLayout.of(TODO_TABLE, List.of(RowLayout.column("id", 20, null, true))).row(new RowValues() {

			@Override
			public int size() {
				return 1;
			}

			@Override
			public boolean isNull(int index) {
				return false;
			}

			@Override
			public boolean isUnchangedToast(int index) {
				return false;
			}

			@Override
			public String text(int index) {
				return "1";
			}

		});
		return new Insert(TODO_TABLE, row, true, 0, Lsn.of(10), Instant.EPOCH);
	}

	private static Truncate truncate(long lsn) {
		return new Truncate(List.of(TODO_TABLE), false, false, 7, Lsn.of(lsn), Instant.EPOCH);
	}

}
