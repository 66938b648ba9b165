package dev.zero.replication;

import dev.zero.change.Change;
import dev.zero.change.ListenerFailure;
import dev.zero.change.Lsn;
import dev.zero.change.TableName;

/**
 * The change a listener fails on while its error handler retries it, for health and status.
 *
 * @param table the change's table
 * @param op what kind of change
 * @param lsn its position
 * @param xid its transaction
 * @param listener the listener, as it describes itself
 * @param error what it threw last
 * @param attempts how many times it failed on the change
 */
public record FailingChange(TableName table, Change.Op op, Lsn lsn, long xid, String listener, String error,
		int attempts) {

	static FailingChange of(ListenerFailure failure) {
		return new FailingChange(failure.table(), failure.change().op(), failure.change().lsn(),
				failure.change().xid(), failure.listenerName(), String.valueOf(failure.error()),
				failure.attempt());
	}

}
