package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import dev.zero.change.Change;
import dev.zero.change.ResetReason;
import dev.zero.change.TableName;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationStatus;
import dev.zero.replication.TargetProgress;
import dev.zero.supervisor.ShardSupervisor;

/**
 * The shard's Micrometer meters: {@code zero.replication.lag}, {@code zero.slot.retained.wal}
 * (gauges, bytes), {@code zero.replication.changes} (tagged {@code table} and {@code op}),
 * {@code zero.replication.transactions}, {@code zero.replication.reconnects},
 * {@code zero.replication.resets} (tagged {@code reason}), {@code zero.listener.recovered}
 * (changes a listener's error handler gave up on, tagged {@code table} and {@code op})
 * (counters) and
 * {@code zero.replication.delivery} (timer from commit to the last listener's return), and for
 * each transactional target {@code zero.target.lag} (gauge, bytes from the target's committed
 * position to the slot's confirmed one, tagged {@code target}). Every meter is tagged with the
 * shard's {@code app} and {@code shard}.
 */
public class ZeroMetrics implements MeterBinder, ReplicationMetrics {

	private final String appId;

	private final String shardNum;

	private final ObjectProvider<ShardSupervisor> supervisor;

	private final Map<TableName, Map<Change.Op, Counter>> changes = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	private volatile @Nullable Counter transactions;

	private volatile @Nullable Counter reconnects;

	private volatile @Nullable Timer delivery;

	public ZeroMetrics(String appId, int shardNum, ObjectProvider<ShardSupervisor> supervisor) {
		this.appId = appId;
		this.shardNum = Integer.toString(shardNum);
		this.supervisor = supervisor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		gauge(registry, "zero.replication.lag", "Bytes of WAL the slot has not confirmed yet",
				ReplicationStatus::lagBytes);
		gauge(registry, "zero.slot.retained.wal", "Bytes of WAL the server keeps for the slot",
				ReplicationStatus::retainedWalBytes);
		this.transactions = Counter.builder("zero.replication.transactions")
			.description("Transactions delivered to every listener")
			.tags("app", this.appId, "shard", this.shardNum)
			.register(registry);
		this.reconnects = Counter.builder("zero.replication.reconnects")
			.description("Times the replication stream was restarted")
			.tags("app", this.appId, "shard", this.shardNum)
			.register(registry);
		this.delivery = Timer.builder("zero.replication.delivery")
			.description("Time from a transaction's commit to its delivery to every listener")
			.tags("app", this.appId, "shard", this.shardNum)
			.register(registry);
		// the targets that opened before the registry was bound
		ShardSupervisor supervisor = this.supervisor.getIfAvailable();
		ReplicationStatus status = (supervisor != null) ? supervisor.status().replication() : null;
		if (status != null) {
			status.targets().forEach((target) -> targetOpened(target.target()));
		}
	}

	@Override
	public void change(TableName table, Change.Op op) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		this.changes.computeIfAbsent(table, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(op, (key) -> Counter.builder("zero.replication.changes")
				.description("Changes delivered to the listeners")
				.tags("app", this.appId, "shard", this.shardNum, "table", table.toString(), "op", op.toString())
				.register(registry))
			.increment();
	}

	@Override
	public void transaction(Duration delivery) {
		Counter transactions = this.transactions;
		if (transactions != null) {
			transactions.increment();
			this.delivery.record(delivery.isNegative() ? Duration.ZERO : delivery);
		}
	}

	@Override
	public void reset(ResetReason reason) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("zero.replication.resets")
				.description("Times replicated state started over")
				.tags("app", this.appId, "shard", this.shardNum, "reason", reason.id())
				.register(registry)
				.increment();
		}
	}

	@Override
	public void recovered(TableName table, Change.Op op) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("zero.listener.recovered")
				.description("Changes a listener failed on that its error handler's recoverer took instead")
				.tags("app", this.appId, "shard", this.shardNum, "table", table.toString(), "op", op.toString())
				.register(registry)
				.increment();
		}
	}

	@Override
	public void reconnect() {
		Counter reconnects = this.reconnects;
		if (reconnects != null) {
			reconnects.increment();
		}
	}

	@Override
	public void targetOpened(String target) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			// registering again finds the gauge of the session before
			Gauge.builder("zero.target.lag", this, (metrics) -> metrics.read((status) -> targetLag(status, target)))
				.description("Bytes from what a transactional target committed last to the slot's confirmed position")
				.baseUnit("bytes")
				.tags("app", this.appId, "shard", this.shardNum, "target", target)
				.register(registry);
		}
	}

	private static double targetLag(ReplicationStatus status, String target) {
		for (TargetProgress progress : status.targets()) {
			if (progress.target().equals(target)) {
				return progress.lagBytes();
			}
		}
		return -1;
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<ReplicationStatus> value) {
		Gauge.builder(name, this, (metrics) -> metrics.read(value))
			.description(description)
			.baseUnit("bytes")
			.tags("app", this.appId, "shard", this.shardNum)
			.register(registry);
	}

	private double read(ToDoubleFunction<ReplicationStatus> value) {
		ShardSupervisor supervisor = this.supervisor.getIfAvailable();
		ReplicationStatus status = (supervisor != null) ? supervisor.status().replication() : null;
		if (status == null) {
			return Double.NaN;
		}
		double result = value.applyAsDouble(status);
		return (result < 0) ? Double.NaN : result;
	}

}
