package dev.zero.autoconfigure;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

import dev.zero.autoconfigure.listener.ZeroListeners;
import dev.zero.autoconfigure.observation.ZeroObservations;
import dev.zero.change.ChangeListener;
import dev.zero.change.TransactionalTarget;
import dev.zero.shard.ShardId;
import dev.zero.target.DatabaseTarget;
import dev.zero.target.PositionStore;

/**
 * Splits the application's listeners into the plain ones and the transactional ones, which
 * run in the application's database as a {@link DatabaseTarget}, next to any other
 * {@link TransactionalTarget} bean (Kafka), and hands them out {@link ZeroObservations
 * observed} when the application observes. Asked when the worker starts, after every bean
 * exists.
 */
public final class TransactionalTargets {

	private final ShardId shard;

	private final ZeroListeners listeners;

	private final PositionStore store;

	private final ObjectProvider<PlatformTransactionManager> transactionManager;

	private final ObjectProvider<DataSource> dataSource;

	private final ObjectProvider<TransactionalTarget> beans;

	private final Supplier<ZeroObservations> observations;

	/** The observed decorator of each listener and target handed out, by identity. */
	private final Map<Object, Object> observed = new IdentityHashMap<>();

	private @Nullable DatabaseTarget database;

	private @Nullable List<ChangeListener> transactionalListeners;

	TransactionalTargets(ShardId shard, ZeroListeners listeners, PositionStore store,
			ObjectProvider<PlatformTransactionManager> transactionManager, ObjectProvider<DataSource> dataSource,
			ObjectProvider<TransactionalTarget> beans, Supplier<ZeroObservations> observations) {
		this.shard = shard;
		this.listeners = listeners;
		this.store = store;
		this.transactionManager = transactionManager;
		this.dataSource = dataSource;
		this.beans = beans;
		this.observations = observations;
	}

	/** The listeners that run outside any transaction of the starter's, in order. */
	synchronized List<ChangeListener> plainListeners() {
		ZeroObservations observations = this.observations.get();
		return this.listeners.all()
			.stream()
			.filter((listener) -> !this.listeners.isTransactional(listener))
			.map((listener) -> (ChangeListener) this.observed.computeIfAbsent(listener,
					(key) -> observations.listener(listener, this.listeners.identity(listener))))
			.toList();
	}

	/** The transactional listeners' database, if there are any, then the target beans. */
	synchronized List<TransactionalTarget> targets() {
		List<TransactionalTarget> targets = new ArrayList<>();
		List<ChangeListener> transactional = this.listeners.all()
			.stream()
			.filter(this.listeners::isTransactional)
			.toList();
		if (!transactional.isEmpty()) {
			if (this.database == null || !transactional.equals(this.transactionalListeners)) {
				this.database = new DatabaseTarget(this.shard, transactions(), transactional, this.store);
				this.transactionalListeners = transactional;
			}
			targets.add(this.database);
		}
		this.beans.orderedStream().forEach(targets::add);
		ZeroObservations observations = this.observations.get();
		return targets.stream()
			.map((target) -> (TransactionalTarget) this.observed.computeIfAbsent(target,
					(key) -> observations.target(target, this.listeners::identity)))
			.toList();
	}

	private SpringTargetTransactions transactions() {
		PlatformTransactionManager manager = this.transactionManager.getIfUnique();
		if (manager == null) {
			throw new IllegalStateException("transactional listeners (@ZeroListener(transactional = true)) need one "
					+ "PlatformTransactionManager bean for the application's DataSource; there is "
					+ (this.transactionManager.stream().findAny().isPresent() ? "more than one" : "none")
					+ ": add spring-boot-starter-jdbc (or data-jpa), or mark one @Primary");
		}
		DataSource managed = (manager instanceof ResourceTransactionManager resources
				&& resources.getResourceFactory() instanceof DataSource source) ? source : this.dataSource.getIfUnique();
		if (managed == null) {
			throw new IllegalStateException("transactional listeners need the DataSource that the transaction manager "
					+ manager.getClass().getName() + " manages; there is no single DataSource bean");
		}
		return new SpringTargetTransactions(manager, managed);
	}

}
