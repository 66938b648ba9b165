package dev.zero.target;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Transactions of the application's transaction manager, opened by the starter on its
 * replication thread around what the transactional listeners do.
 */
public interface TargetTransactions {

	/**
	 * Begins a transaction bound to the calling thread.
	 * @param completion runs on the transaction's connection once it ended, committed or
	 * rolled back, before the connection is released
	 * @return the connection the transaction runs on: the listeners' writes through the same
	 * transaction manager use it too
	 * @throws SQLException when no transaction can be begun
	 */
	Connection begin(Completion completion) throws SQLException;

	/** Commits the transaction begun last on this thread. */
	void commit() throws SQLException;

	/** Rolls back the transaction begun last on this thread. */
	void rollback() throws SQLException;

	/** Work on a connection after its transaction ended. */
	@FunctionalInterface
	interface Completion {

		void run(Connection connection) throws SQLException;

	}

}
