package dev.zero.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;
import dev.zero.change.TransactionalTarget;

/** A target, noting when the transaction that reaches the end position has committed. */
final class CommitWatch implements TransactionalTarget {

	private final TransactionalTarget target;

	private final Lsn end;

	private final CountDownLatch reached = new CountDownLatch(1);

	private volatile long reachedAt;

	private volatile long commits;

	CommitWatch(TransactionalTarget target, Lsn end) {
		this.target = target;
		this.end = end;
	}

	/** Waits until the end position has been committed. */
	boolean await(Duration timeout) throws InterruptedException {
		return this.reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** When the end position was committed ({@link System#nanoTime()}). */
	long reachedAt() {
		return this.reachedAt;
	}

	/** The target transactions committed so far. */
	long commits() {
		return this.commits;
	}

	@Override
	public String name() {
		return this.target.name();
	}

	@Override
	public List<ChangeListener> listeners() {
		return this.target.listeners();
	}

	@Override
	public Lsn open() throws Exception {
		return this.target.open();
	}

	@Override
	public void begin() throws Exception {
		this.target.begin();
	}

	@Override
	public void commit(Lsn position) throws Exception {
		this.target.commit(position);
		this.commits++;
		if (position.compareTo(this.end) >= 0 && this.reached.getCount() > 0) {
			this.reachedAt = System.nanoTime();
			this.reached.countDown();
		}
	}

	@Override
	public void rollback() {
		this.target.rollback();
	}

	@Override
	public void close() {
		this.target.close();
	}

}
