package dev.zero.autoconfigure;

import java.lang.reflect.Modifier;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;

import dev.zero.lifecycle.ZeroThreads;
import dev.zero.supervisor.ShardSupervisor;

/**
 * What makes the application's DataSource wake the replication listener, when it is the one
 * the starter replicates from and {@code zero.replication.idle-release} is set: every
 * connection the application takes wakes a released listener ({@link ShardSupervisor#wake()},
 * a volatile read when it is not released), so that what the application writes is
 * delivered. The starter's own threads (the worker committing to a target) do not wake it.
 * <p>
 * It is the advice of a Spring AOP proxy of the DataSource that keeps its class (a
 * {@code HikariDataSource} stays one, for code that injects the pool's type); a DataSource of a
 * final class gets an interface proxy. {@code unwrap}, {@code isWrapperFor} and Boot's
 * {@code DataSourceUnwrapper} reach the pool underneath.
 */
final class WakingDataSource implements MethodInterceptor {

	private volatile @Nullable ShardSupervisor supervisor;

	private WakingDataSource() {
	}

	/**
	 * {@code dataSource}, with its connections waking the listener once {@link #wakes} is told
	 * which.
	 * @param dataSource the DataSource the starter replicates from
	 * @return the proxy
	 */
	static DataSource wrap(DataSource dataSource) {
		ProxyFactory factory = new ProxyFactory(dataSource);
		factory.setProxyTargetClass(!Modifier.isFinal(dataSource.getClass().getModifiers()));
		factory.addAdvice(new WakingDataSource());
		return (DataSource) factory.getProxy(dataSource.getClass().getClassLoader());
	}

	/** The waking advice of {@code dataSource}, or {@code null} when it was not wrapped. */
	static @Nullable WakingDataSource of(@Nullable Object dataSource) {
		if (dataSource instanceof Advised advised) {
			for (Advisor advisor : advised.getAdvisors()) {
				if (advisor.getAdvice() instanceof WakingDataSource waking) {
					return waking;
				}
			}
		}
		return null;
	}

	/** The DataSource a {@link #wrap wrapped} one wraps, else {@code dataSource} itself. */
	static DataSource target(DataSource dataSource) {
		return (of(dataSource) != null) ? (DataSource) AopProxyUtils.getSingletonTarget(dataSource) : dataSource;
	}

	/** From now on, connections wake {@code supervisor}. */
	void wakes(ShardSupervisor supervisor) {
		this.supervisor = supervisor;
	}

	boolean wakes() {
		return this.supervisor != null;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (invocation.getMethod().getName().equals("getConnection")) {
			ShardSupervisor supervisor = this.supervisor;
			if (supervisor != null && !ZeroThreads.isZeroThread()) {
				supervisor.wake();
			}
		}
		return invocation.proceed();
	}

}
