package dev.zero.test.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.zero.change.Change;
import dev.zero.change.Row;

/**
 * What a test did to the database ({@link ChangeRecorder#stimulate}), to wait for what follows
 * from it: a change that arrives after it, or a state the application's listeners reach. An
 * expectation that is not met fails the test with an {@link AssertionError}.
 */
public final class Stimulus {

	private final ChangeRecorder recorder;

	private final int from;

	private final Duration timeout;

	Stimulus(ChangeRecorder recorder, int from) {
		this(recorder, from, ChangeRecorder.CHANGE_TIMEOUT);
	}

	private Stimulus(ChangeRecorder recorder, int from, Duration timeout) {
		this.recorder = recorder;
		this.from = from;
		this.timeout = timeout;
	}

	/**
	 * This stimulus with another timeout for the waits that follow (10 seconds unless told).
	 * @param timeout how long to wait
	 * @return the stimulus
	 */
	public Stimulus within(Duration timeout) {
		return new Stimulus(this.recorder, this.from, Objects.requireNonNull(timeout, "timeout must not be null"));
	}

	/**
	 * Waits for a change that arrives after the stimulus.
	 * @param type the kind of change: {@code Insert.class}, {@code Update.class},
	 * {@code Delete.class}, {@code Truncate.class} or {@code Change.class} for any
	 * @param table {@code schema.table}, or {@code table} for a table in {@code public}
	 * @param row what the row must satisfy: the new row of an insert or update, the old row of
	 * a delete (a truncation has no row and never matches)
	 * @param <C> the kind of change
	 * @return the first such change
	 * @throws AssertionError if none arrives in time, listing what did arrive
	 */
	public <C extends Change> C andWaitFor(Class<C> type, String table, Predicate<Row> row) {
		return this.recorder.await(new ChangeMatcher<>(type, table, row), this.from, this.timeout);
	}

	/**
	 * Waits for a change to a table that arrives after the stimulus.
	 * @param type the kind of change
	 * @param table the table
	 * @param <C> the kind of change
	 * @return the first such change
	 * @throws AssertionError if none arrives in time
	 */
	public <C extends Change> C andWaitFor(Class<C> type, String table) {
		return this.recorder.await(new ChangeMatcher<>(type, table, null), this.from, this.timeout);
	}

	/**
	 * Waits until a state of the application satisfies a condition: for effects a listener
	 * commits in a transaction of its own, visible just after the change has arrived.
	 * @param state reads the state, for example a count from the database
	 * @param condition what the state must satisfy
	 * @param <T> the state's type
	 * @return the state that satisfied it
	 * @throws AssertionError if the state does not satisfy it in time, with the last state read
	 */
	public <T> T andWaitForStateChange(Supplier<T> state, Predicate<? super T> condition) {
		AtomicReference<T> last = new AtomicReference<>();
		try {
			Awaitility.await()
				.atMost(this.timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> {
					T current = state.get();
					last.set(current);
					return condition.test(current);
				});
			return last.get();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The state did not reach the condition within " + this.timeout.toMillis()
					+ " ms; last read: " + last.get(), ex);
		}
	}

}
