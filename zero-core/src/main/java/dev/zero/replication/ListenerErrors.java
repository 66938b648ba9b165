package dev.zero.replication;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.ListenerErrorHandler;
import dev.zero.change.ListenerFailure;
import dev.zero.change.Lsn;

/**
 * Calls a listener on a change and, when it throws, does what the {@link ListenerErrorHandler}
 * says: a listener outside any transaction is called again in place after the wait, then
 * recovered; a transactional one fails the transaction (its target rolls back and the
 * transaction is delivered again after the wait), and once the handler gives up, the
 * recoverer runs in its place at the next delivery. It counts attempts per listener and change
 * across deliveries and remembers the failing change for the status; it lives as long as the
 * worker and is used by its thread only.
 */
final class ListenerErrors {

	private static final Logger logger = LoggerFactory.getLogger(ListenerErrors.class);

	/** Today's behaviour without a handler: the first failure fails the transaction. */
	static final ListenerErrors NONE = new ListenerErrors(null, (delay) -> true, ReplicationMetrics.NONE);

	private final @Nullable ListenerErrorHandler handler;

	/** Waits for the duration; false when the worker is to stop. */
	private final Predicate<Duration> pause;

	private final ReplicationMetrics metrics;

	/** Failed attempts per listener and change, while it fails. */
	private final Map<Key, Integer> attempts = new HashMap<>();

	/** The transactional listeners' changes the handler gave up on: recovered at the next delivery. */
	private final Map<Key, ListenerFailure> givenUp = new HashMap<>();

	private volatile @Nullable FailingChange failing;

	/**
	 * @param handler the handler, or {@code null} to fail the transaction at once
	 * @param pause waits for a duration, returning false when the worker is to stop
	 * @param metrics where recovered changes are counted
	 */
	ListenerErrors(@Nullable ListenerErrorHandler handler, Predicate<Duration> pause, ReplicationMetrics metrics) {
		this.handler = handler;
		this.pause = pause;
		this.metrics = metrics;
	}

	/** The change a listener fails on, while it is retried, or {@code null}. */
	@Nullable FailingChange failing() {
		return this.failing;
	}

	/** A transaction was delivered to every listener: nothing is failing any more. */
	void delivered() {
		this.failing = null;
	}

	/**
	 * Calls {@code listener} on {@code change}, dealing with what it throws.
	 * @param inPlace whether the listener may be called again at once (it runs outside any
	 * transaction)
	 * @throws ListenerException when the transaction must not be acknowledged
	 */
	void deliver(ChangeListener listener, Change change, boolean inPlace) throws ListenerException {
		ListenerErrorHandler handler = this.handler;
		if (handler == null) {
			try {
				listener.onChange(change);
				return;
			}
			catch (Exception ex) {
				throw new ListenerException(listener, ex);
			}
		}
		// the rows of a copy share one position: nothing tells them apart across deliveries, so
		// their attempts are counted in place only (a transactional listener's copy starts over)
		boolean tracked = !(change instanceof Insert insert && insert.snapshot());
		if (!tracked && !inPlace) {
			try {
				listener.onChange(change);
				return;
			}
			catch (Exception ex) {
				throw new ListenerException(listener, ex);
			}
		}
		// the key is made only once some change failed, so that a healthy stream neither allocates nor hashes
		boolean pending = !this.attempts.isEmpty() || !this.givenUp.isEmpty();
		Key key = (tracked && pending) ? new Key(listener, change.lsn(), change.op()) : null;
		ListenerFailure givenUp = (key != null) ? this.givenUp.get(key) : null;
		if (givenUp != null) {
			recover(handler, givenUp, key);
			return;
		}
		int attempt = (key != null) ? this.attempts.getOrDefault(key, 0) : 0;
		while (true) {
			attempt++;
			try {
				listener.onChange(change);
				settled(key);
				return;
			}
			catch (Exception ex) {
				if (tracked && key == null) {
					key = new Key(listener, change.lsn(), change.op());
				}
				ListenerFailure failure = new ListenerFailure(change, listener, ex, attempt);
				this.failing = FailingChange.of(failure);
				Duration delay = retryDelay(handler, failure);
				if (delay == null) {
					if (inPlace) {
						recover(handler, failure, key);
						return;
					}
					// the target rolls back first; the recoverer runs at the next delivery
					this.givenUp.put(key, failure);
					throw new ListenerException(listener, ex, Duration.ZERO);
				}
				if (key != null) {
					this.attempts.put(key, attempt);
				}
				if (!inPlace) {
					throw new ListenerException(listener, ex, delay);
				}
				if (attempt == 1) {
					// the stack trace once, not on every attempt
					logger.warn("zero: {}; trying again in {} ms", failure.describe(), delay.toMillis(), ex);
				}
				else {
					logger.warn("zero: {}; attempt {} failed, trying again in {} ms", failure.describe(), attempt,
							delay.toMillis());
				}
				if (!this.pause.test(delay)) {
					throw new ListenerException(listener, ex);
				}
			}
		}
	}

	private void recover(ListenerErrorHandler handler, ListenerFailure failure, @Nullable Key key)
			throws ListenerException {
		try {
			handler.recover(failure);
		}
		catch (Exception ex) {
			// stop: delivered again, and the recoverer is asked again then
			if (key != null) {
				this.givenUp.put(key, failure);
			}
			throw new ListenerException(failure.listener(), (ex == failure.error()) ? ex : withCause(ex, failure));
		}
		this.metrics.recovered(failure.table(), failure.change().op());
		settled(key);
	}

	private static Exception withCause(Exception recovery, ListenerFailure failure) {
		recovery.addSuppressed(failure.error());
		return recovery;
	}

	private static @Nullable Duration retryDelay(ListenerErrorHandler handler, ListenerFailure failure) {
		try {
			return handler.retryDelay(failure);
		}
		catch (RuntimeException ex) {
			logger.error("zero: the listener error handler failed on the {}; trying again", failure.describe(), ex);
			return Duration.ofSeconds(1);
		}
	}

	private void settled(@Nullable Key key) {
		if (key != null && (!this.attempts.isEmpty() || !this.givenUp.isEmpty())) {
			this.attempts.remove(key);
			this.givenUp.remove(key);
		}
		if (this.failing != null) {
			this.failing = null;
		}
	}

	/** A listener (by identity) and a change: its position and kind. */
	private record Key(ChangeListener listener, Lsn lsn, Change.Op op) {

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Key key && key.listener == this.listener && key.lsn.equals(this.lsn)
					&& key.op == this.op;
		}

		@Override
		public int hashCode() {
			return (System.identityHashCode(this.listener) * 31 + this.lsn.hashCode()) * 31 + this.op.hashCode();
		}

	}

}
