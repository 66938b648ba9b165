package dev.zero.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.zero.lifecycle.ZeroThreads;
import dev.zero.supervisor.ShardSupervisor;

/**
 * The application's DataSource, when it is the one the starter replicates from and
 * {@code zero.replication.idle-release} is set: every connection the application takes wakes a
 * released replication listener ({@link ShardSupervisor#wake()}, a volatile read when it is
 * not released), so that what the application writes is delivered. The starter's own threads
 * (the worker committing to a target) do not wake it. {@code unwrap}, {@code isWrapperFor} and
 * Boot's {@code DataSourceUnwrapper} still reach the pool underneath.
 */
final class WakingDataSource extends DelegatingDataSource {

	private volatile @Nullable ShardSupervisor supervisor;

	WakingDataSource(DataSource target) {
		super(target);
	}

	/** From now on, connections wake {@code supervisor}. */
	void wakes(ShardSupervisor supervisor) {
		this.supervisor = supervisor;
	}

	boolean wakes() {
		return this.supervisor != null;
	}

	@Override
	public Connection getConnection() throws SQLException {
		wake();
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		wake();
		return super.getConnection(username, password);
	}

	private void wake() {
		ShardSupervisor supervisor = this.supervisor;
		if (supervisor != null && !ZeroThreads.isZeroThread()) {
			supervisor.wake();
		}
	}

}
