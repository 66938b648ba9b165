package dev.zero.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.zero.target.TargetTransactions;

/**
 * The application's {@link PlatformTransactionManager} as the transactional listeners'
 * transactions: a new transaction on the replication thread, on the connection of the
 * {@link DataSource} the manager manages, which {@code JdbcTemplate}, {@code JdbcClient} and
 * JPA (through the same manager) join.
 */
public final class SpringTargetTransactions implements TargetTransactions {

	private static final Logger logger = LoggerFactory.getLogger(SpringTargetTransactions.class);

	private final PlatformTransactionManager manager;

	private final DataSource dataSource;

	private @Nullable TransactionStatus status;

	private @Nullable Connection connection;

	/**
	 * @param manager the application's transaction manager
	 * @param dataSource the data source it manages
	 */
	public SpringTargetTransactions(PlatformTransactionManager manager, DataSource dataSource) {
		this.manager = manager;
		this.dataSource = dataSource;
	}

	@Override
	public Connection begin(Completion completion) throws SQLException {
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition(
				TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		definition.setName("zero transactional listeners");
		TransactionStatus status = this.manager.getTransaction(definition);
		this.status = status;
		Connection connection;
		try {
			connection = DataSourceUtils.getConnection(this.dataSource);
			if (!DataSourceUtils.isConnectionTransactional(connection, this.dataSource)) {
				DataSourceUtils.releaseConnection(connection, this.dataSource);
				throw new SQLException("the transaction manager " + this.manager.getClass().getName()
						+ " does not manage the application's DataSource: transactional listeners need a "
						+ "PlatformTransactionManager for it (a DataSourceTransactionManager or a JpaTransactionManager)",
						"0A000");
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.status = null;
			this.manager.rollback(status);
			throw ex;
		}
		this.connection = connection;
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int outcome) {
				// the connection is still the transaction's: it is released after this
				try {
					completion.run(connection);
				}
				catch (SQLException | RuntimeException ex) {
					logger.warn("zero: cleaning up after a transactional listeners' transaction failed: {}", ex.toString());
				}
			}

		});
		return connection;
	}

	@Override
	public void commit() throws SQLException {
		TransactionStatus status = end();
		if (status != null) {
			this.manager.commit(status);
		}
	}

	@Override
	public void rollback() throws SQLException {
		TransactionStatus status = end();
		if (status != null && !status.isCompleted()) {
			this.manager.rollback(status);
		}
	}

	private @Nullable TransactionStatus end() {
		TransactionStatus status = this.status;
		this.status = null;
		Connection connection = this.connection;
		this.connection = null;
		if (connection != null) {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
		return status;
	}

}
