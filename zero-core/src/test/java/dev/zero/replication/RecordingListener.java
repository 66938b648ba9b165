package dev.zero.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;

/**
 * A listener that records the transactions it receives, as the application would see them.
 */
class RecordingListener implements ChangeListener {

	/** One delivered transaction. */
	record Transaction(Begin begin, List<Change> changes, List<LogicalMessage> messages, Commit commit) {

	}

	private final List<Transaction> transactions = new CopyOnWriteArrayList<>();

	private final List<LogicalMessage> loneMessages = new CopyOnWriteArrayList<>();

	private Begin begin;

	private List<Change> changes = new ArrayList<>();

	private List<LogicalMessage> messages = new ArrayList<>();

	private volatile Predicate<Change> failOn = (change) -> false;

	@Override
	public void onBegin(Begin begin) {
		this.begin = begin;
		this.changes = new ArrayList<>();
		this.messages = new ArrayList<>();
	}

	@Override
	public void onChange(Change change) {
		if (this.failOn.test(change)) {
			throw new IllegalStateException("listener refuses " + change.op() + " at " + change.lsn());
		}
		this.changes.add(change);
	}

	@Override
	public void onMessage(LogicalMessage message) {
		if (message.transactional()) {
			this.messages.add(message);
		}
		else {
			this.loneMessages.add(message);
		}
	}

	@Override
	public void onCommit(Commit commit) {
		this.transactions.add(new Transaction(this.begin, this.changes, this.messages, commit));
		this.begin = null;
	}

	void failOn(Predicate<Change> predicate) {
		this.failOn = predicate;
	}

	List<Transaction> transactions() {
		return List.copyOf(this.transactions);
	}

	List<Change> changes() {
		return this.transactions.stream().flatMap((transaction) -> transaction.changes().stream()).toList();
	}

	List<LogicalMessage> loneMessages() {
		return List.copyOf(this.loneMessages);
	}

}
