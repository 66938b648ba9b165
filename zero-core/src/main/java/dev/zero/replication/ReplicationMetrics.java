package dev.zero.replication;

import java.time.Duration;

import dev.zero.change.Change;
import dev.zero.change.ResetReason;
import dev.zero.change.TableName;

/**
 * What the replication listener reports as it goes, for a metrics system to count. Called
 * on the streaming thread: implementations must be cheap and must not throw.
 */
public interface ReplicationMetrics {

	/** Counts nothing. */
	ReplicationMetrics NONE = new ReplicationMetrics() {
	};

	/** A change was delivered. */
	default void change(TableName table, Change.Op op) {
	}

	/** A transaction was delivered; {@code delivery} is from its commit to the last listener's return. */
	default void transaction(Duration delivery) {
	}

	/**
	 * A listener's error handler gave up on a change and its recoverer took it (logged,
	 * dead-lettered): the listener did not handle it.
	 */
	default void recovered(TableName table, Change.Op op) {
	}

	/** The stream was restarted after a lost connection or a failure. */
	default void reconnect() {
	}

	/** Replicated state started over. */
	default void reset(ResetReason reason) {
	}

	/**
	 * A transactional target opened for a session (every session, so the same name again):
	 * its progress is in the {@link ReplicationStatus#targets() status} from now on.
	 */
	default void targetOpened(String target) {
	}

}
