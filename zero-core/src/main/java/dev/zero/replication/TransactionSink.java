package dev.zero.replication;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.SchemaChange;

/**
 * Where translated events go, in stream order.
 *
 * @param <E> what delivering an event may throw
 */
public interface TransactionSink<E extends Exception> {

	void begin(Begin begin) throws E;

	void change(Change change) throws E;

	void message(LogicalMessage message) throws E;

	void schemaChange(SchemaChange change) throws E;

	void commit(Commit commit) throws E;

	/**
	 * The transaction begun last was written by a session that set up a replication origin;
	 * it arrives right after the begin, before any change.
	 * @param name the origin's name
	 */
	default void origin(String name) throws E {
	}

}
