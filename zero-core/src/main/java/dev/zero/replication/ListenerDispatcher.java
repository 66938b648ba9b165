package dev.zero.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Reset;
import dev.zero.change.ResyncComplete;
import dev.zero.change.ResyncStart;
import dev.zero.change.SchemaChange;
import dev.zero.change.SyncComplete;
import dev.zero.change.TableName;
import dev.zero.change.TableFilter;

/**
 * Delivers each event to every listener in order, one change at a time, honouring each
 * listener's table filter. A listener that throws on a change is handed to the
 * {@link ListenerErrors}; any other failure, and a change the error handler does not let go,
 * stops the transaction: the caller must then not acknowledge it.
 */
final class ListenerDispatcher implements TransactionSink<ListenerException> {

	private final List<ChangeListener> listeners;

	private final TableFilter[] filters;

	private final ReplicationMetrics metrics;

	private final ListenerErrors errors;

	/** Whether a failed listener may be called again at once: it runs outside any transaction. */
	private final boolean retryInPlace;

	ListenerDispatcher(List<ChangeListener> listeners, ReplicationMetrics metrics) {
		this(listeners, metrics, ListenerErrors.NONE, true);
	}

	/**
	 * @param listeners the listeners, in order
	 * @param metrics where deliveries are counted
	 * @param errors what happens when a listener fails on a change
	 * @param retryInPlace whether a failed listener may be called again at once (it runs
	 * outside any transaction) rather than after its target rolled back
	 */
	ListenerDispatcher(List<ChangeListener> listeners, ReplicationMetrics metrics, ListenerErrors errors,
			boolean retryInPlace) {
		this.listeners = List.copyOf(listeners);
		this.filters = this.listeners.stream().map(ChangeListener::tables).toArray(TableFilter[]::new);
		this.metrics = metrics;
		this.errors = errors;
		this.retryInPlace = retryInPlace;
	}

	@Override
	public void begin(Begin begin) throws ListenerException {
		each((listener) -> listener.onBegin(begin));
	}

	@Override
	public void change(Change change) throws ListenerException {
		for (int i = 0; i < this.listeners.size(); i++) {
			if (!matches(this.filters[i], change)) {
				continue;
			}
			this.errors.deliver(this.listeners.get(i), change, this.retryInPlace);
		}
		for (TableName table : change.tables()) {
			this.metrics.change(table, change.op());
		}
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		each((listener) -> listener.onMessage(message));
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		each((listener) -> listener.onSchemaChange(change));
	}

	void reset(Reset reset) throws ListenerException {
		each((listener) -> listener.onReset(reset));
	}

	void resyncStart(ResyncStart start) throws ListenerException {
		eachFor(start.table(), (listener) -> listener.onResyncStart(start));
	}

	void resyncComplete(ResyncComplete complete) throws ListenerException {
		eachFor(complete.table(), (listener) -> listener.onResyncComplete(complete));
	}

	/** Calls every listener whose filter matches {@code table}, in order. */
	private void eachFor(TableName table, Callback callback) throws ListenerException {
		for (int i = 0; i < this.listeners.size(); i++) {
			if (this.filters[i].isAll() || this.filters[i].matches(table)) {
				try {
					callback.call(this.listeners.get(i));
				}
				catch (Exception ex) {
					throw new ListenerException(this.listeners.get(i), ex);
				}
			}
		}
	}

	void syncComplete(SyncComplete complete) throws ListenerException {
		each((listener) -> listener.onSyncComplete(complete));
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		each((listener) -> listener.onCommit(commit));
		this.metrics.transaction(Duration.between(commit.commitTime(), Instant.now()));
	}

	/**
	 * Calls every listener in order; the first that throws stops the others.
	 */
	private void each(Callback callback) throws ListenerException {
		for (ChangeListener listener : this.listeners) {
			try {
				callback.call(listener);
			}
			catch (Exception ex) {
				throw new ListenerException(listener, ex);
			}
		}
	}

	@FunctionalInterface
	private interface Callback {

		void call(ChangeListener listener) throws Exception;

	}

	private static boolean matches(TableFilter filter, Change change) {
		return filter.isAll() || filter.matches(change);
	}


}
