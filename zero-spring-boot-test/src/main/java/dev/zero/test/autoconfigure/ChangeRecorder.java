package dev.zero.test.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.core.Ordered;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Reset;
import dev.zero.change.Row;
import dev.zero.change.SyncComplete;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationStatus;
import dev.zero.supervisor.ShardStatus;

/**
 * A listener for integration tests that records the changes that arrive and lets a test wait
 * for one. A change counts as arrived once every listener has handled it and the rest of its
 * transaction: when the commit reaches this one (or, for a row of an initial sync, the next
 * event does), so a test that sees it may check what the application's listeners did with it.
 * {@link #stimulate(Action)} first waits until the shard streams, so that no write of the test
 * goes unseen, then runs the write. Registered by
 * {@link AutoConfigureZeroTest @AutoConfigureZeroTest}.
 */
public class ChangeRecorder implements ChangeListener, Ordered {

	/** How long {@link #awaitStreaming()} waits: the first start also provisions and syncs. */
	static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(60);

	/** How long a change is waited for, unless told otherwise. */
	static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(10);

	private final Supplier<ShardStatus> status;

	/** The changes arrived, guarded by this recorder's monitor, which waiters wait on. */
	private final List<Change> arrived = new ArrayList<>();

	/** The changes of the transaction in hand, owned by the thread that delivers. */
	private final List<Change> pending = new ArrayList<>();

	private boolean inTransaction;

	/**
	 * @param status the shard's status, to tell when it streams
	 */
	public ChangeRecorder(Supplier<ShardStatus> status) {
		this.status = status;
	}

	/**
	 * After the application's listeners of higher precedence; those of equal order (its
	 * {@code @ZeroListener} methods) may come after it, which recording at the commit allows for.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void onBegin(Begin begin) {
		recordOutsideTransaction();
		this.inTransaction = true;
	}

	@Override
	public void onChange(Change change) {
		// a row of an initial sync belongs to no transaction: the row before it has reached
		// every listener by now
		recordOutsideTransaction();
		this.pending.add(change);
	}

	@Override
	public void onCommit(Commit commit) {
		record(this.pending);
		this.pending.clear();
		this.inTransaction = false;
	}

	@Override
	public void onSyncComplete(SyncComplete complete) {
		recordOutsideTransaction();
	}

	@Override
	public void onReset(Reset reset) {
		this.pending.clear();
		this.inTransaction = false;
	}

	private void recordOutsideTransaction() {
		if (!this.inTransaction && !this.pending.isEmpty()) {
			record(this.pending);
			this.pending.clear();
		}
	}

	private synchronized void record(List<Change> changes) {
		this.arrived.addAll(changes);
		notifyAll();
	}

	/**
	 * The changes arrived since the start or the last {@link #clear()}, in order.
	 * @return the changes
	 */
	public synchronized List<Change> changes() {
		return List.copyOf(this.arrived);
	}

	/** Forgets the changes arrived so far. */
	public synchronized void clear() {
		this.arrived.clear();
	}

	/**
	 * Waits until the shard streams: its slot exists and is read, so every change committed from
	 * now on arrives.
	 * @throws AssertionError if it does not stream within a minute, with the shard's state and
	 * what keeps it from streaming
	 */
	public void awaitStreaming() {
		awaitStreaming(STREAMING_TIMEOUT);
	}

	/**
	 * Waits until the shard streams.
	 * @param timeout how long to wait
	 * @throws AssertionError if it does not stream in time
	 */
	public void awaitStreaming(Duration timeout) {
		try {
			Awaitility.await("the shard to stream")
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(20))
				.until(this::streams);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The shard did not stream within " + timeout.toMillis() + " ms: "
					+ describe(this.status.get()), ex);
		}
	}

	private boolean streams() {
		ReplicationStatus replication = this.status.get().replication();
		return replication != null && replication.state() == ReplicationState.STREAMING;
	}

	private static String describe(ShardStatus status) {
		StringBuilder text = new StringBuilder("shard ").append(status.shard()).append(" is ").append(status.state().id());
		status.firstFailure()
			.ifPresent((failure) -> text.append("; check ")
				.append(failure.id())
				.append(" failed: ")
				.append(failure.found())
				.append(" (")
				.append(failure.action())
				.append(')'));
		ReplicationStatus replication = status.replication();
		if (replication != null) {
			text.append("; replication of slot ").append(replication.slot()).append(" is ").append(replication.state());
			if (replication.error() != null) {
				text.append(": ").append(replication.error());
			}
		}
		return text.toString();
	}

	/**
	 * Waits until the shard streams, then runs what the test does to the database; what it
	 * changes is waited for on the returned stimulus, among the changes that arrive from now on.
	 * @param action the test's writes
	 * @return the stimulus, to wait for its changes or its effects
	 * @throws Exception what the action threw
	 */
	public Stimulus stimulate(Action action) throws Exception {
		awaitStreaming();
		int from;
		synchronized (this) {
			from = this.arrived.size();
		}
		action.run();
		return new Stimulus(this, from);
	}

	/**
	 * Waits for a change among all that arrived since the start or the last {@link #clear()}.
	 * @param type the kind of change: {@code Insert.class}, {@code Update.class},
	 * {@code Delete.class}, {@code Truncate.class} or {@code Change.class} for any
	 * @param table {@code schema.table}, or {@code table} for a table in {@code public}
	 * @param row what the row must satisfy: the new row of an insert or update, the old row of
	 * a delete (a truncation has no row and never matches)
	 * @param <C> the kind of change
	 * @return the first such change
	 * @throws AssertionError if none arrives within 10 seconds, listing what did arrive
	 */
	public <C extends Change> C awaitChange(Class<C> type, String table, Predicate<Row> row) {
		return await(new ChangeMatcher<>(type, table, row), 0, CHANGE_TIMEOUT);
	}

	/**
	 * Waits for a change to a table among all that arrived since the start or the last
	 * {@link #clear()}.
	 * @param type the kind of change
	 * @param table the table
	 * @param <C> the kind of change
	 * @return the first such change
	 * @throws AssertionError if none arrives within 10 seconds
	 */
	public <C extends Change> C awaitChange(Class<C> type, String table) {
		return await(new ChangeMatcher<>(type, table, null), 0, CHANGE_TIMEOUT);
	}

	/** Blocks until a change from position {@code from} on matches, or the time is up. */
	<C extends Change> C await(ChangeMatcher<C> matcher, int from, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			int next = Math.min(from, this.arrived.size());
			while (true) {
				for (; next < this.arrived.size(); next++) {
					C found = matcher.match(this.arrived.get(next));
					if (found != null) {
						return found;
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError(missing(matcher, from, timeout));
				}
				try {
					Duration wait = Duration.ofNanos(left);
					wait(Math.max(1, wait.toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting for " + matcher, ex);
				}
			}
		}
	}

	private String missing(ChangeMatcher<?> matcher, int from, Duration timeout) {
		List<Change> seen = this.arrived.subList(Math.min(from, this.arrived.size()), this.arrived.size());
		StringBuilder message = new StringBuilder("No ").append(matcher)
			.append(" arrived within ")
			.append(timeout.toMillis())
			.append(" ms");
		if (seen.isEmpty()) {
			return message.append("; no change arrived").toString();
		}
		message.append("; arrived (").append(seen.size()).append("):");
		int shown = Math.min(seen.size(), 20);
		for (int i = 0; i < shown; i++) {
			message.append("\n  ").append(ChangeMatcher.describe(seen.get(i)));
		}
		if (shown < seen.size()) {
			message.append("\n  ... and ").append(seen.size() - shown).append(" more");
		}
		return message.toString();
	}

	/** What a test does to the database, run by {@link #stimulate(Action)}. */
	@FunctionalInterface
	public interface Action {

		void run() throws Exception;

	}

	@Override
	public String toString() {
		return "ChangeRecorder of @AutoConfigureZeroTest";
	}

}
