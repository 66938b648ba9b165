package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.Reset;
import dev.zero.change.ResetReason;
import dev.zero.change.SyncComplete;
import dev.zero.change.TableName;
import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The routing of events to plain listeners and transactional targets: what a target committed
 * is not delivered to it again, batches commit at their size, the listeners' own writes are
 * held back, a failure rolls the batch back. Pure logic; the database side is tested with real
 * PostgreSQL in {@code dev.zero.target}.
 */
class DeliveryTests {

	private static final TableName T = new TableName("public", "t");

	private static final String ORIGIN = "zero-spring-boot-starter/app/0";

	private static final String MARKER = "app/spring/0/own";

	private final List<String> calls = new ArrayList<>();

	@Test
	void aTransactionTheTargetCommittedBeforeIsDeliveredOnlyToThePlainListeners() throws Exception {
		RecordingTarget target = new RecordingTarget();
		Delivery delivery = delivery(settings(10, false), target, Lsn.of(200));
		transaction(delivery, 100, 150);
		assertThat(this.calls).containsExactly("plain:begin:100", "plain:change", "plain:commit");
		assertThat(delivery.pending()).isFalse();
		this.calls.clear();
		transaction(delivery, 200, 250);
		assertThat(this.calls).containsExactly("target:begin", "plain:begin:200", "tx:begin:200", "plain:change",
				"tx:change", "plain:commit", "tx:commit");
		assertThat(delivery.pending()).as("a batch is open").isTrue();
	}

	@Test
	void aBatchCommitsAtItsSizeWithTheEndOfItsLastTransaction() throws Exception {
		RecordingTarget target = new RecordingTarget();
		Delivery delivery = delivery(settings(2, false), target, Lsn.INVALID);
		transaction(delivery, 100, 150);
		assertThat(target.commits).isEmpty();
		transaction(delivery, 200, 250);
		assertThat(target.commits).containsExactly(Lsn.of(250));
		assertThat(delivery.pending()).isFalse();
		transaction(delivery, 300, 350);
		assertThat(delivery.flush()).extracting(Commit::endLsn).isEqualTo(Lsn.of(350));
		assertThat(target.commits).containsExactly(Lsn.of(250), Lsn.of(350));
	}

	@Test
	void theListenersOwnWritesAreHeldBackWhetherMarkedByOriginOrByMessage() throws Exception {
		RecordingTarget target = new RecordingTarget();
		Delivery delivery = delivery(settings(10, false), target, Lsn.INVALID);
		delivery.begin(begin(100));
		delivery.origin(ORIGIN);
		delivery.change(insert());
		delivery.commit(commit(100, 150));
		delivery.begin(begin(200));
		delivery.message(new LogicalMessage(1, Lsn.of(201), true, MARKER, new byte[0]));
		delivery.change(insert());
		delivery.commit(commit(200, 250));
		assertThat(this.calls).isEmpty();
		delivery.begin(begin(300));
		delivery.origin("another subscriber's origin");
		delivery.change(insert());
		delivery.commit(commit(300, 350));
		assertThat(this.calls).contains("plain:begin:300", "tx:change");
	}

	@Test
	void ownWritesAreDeliveredWhenAskedForButNeverTheMarker() throws Exception {
		RecordingTarget target = new RecordingTarget();
		Delivery delivery = delivery(settings(10, true), target, Lsn.INVALID);
		delivery.begin(begin(100));
		delivery.message(new LogicalMessage(1, Lsn.of(101), true, MARKER, new byte[0]));
		delivery.change(insert());
		delivery.commit(commit(100, 150));
		assertThat(this.calls).contains("plain:begin:100", "plain:change", "tx:change").noneMatch((call) -> call.contains("message"));
	}

	@Test
	void aListenerThatThrowsLeavesTheBatchToBeRolledBack() throws Exception {
		RecordingTarget target = new RecordingTarget();
		int[] changes = new int[1];
		ChangeListener failing = (change) -> {
			if (++changes[0] == 2) {
				throw new IllegalStateException("the second change fails");
			}
		};
		target.listeners = List.of(failing);
		Delivery delivery = delivery(settings(10, false), target, Lsn.INVALID);
		transaction(delivery, 100, 150);
		delivery.begin(begin(200));
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> delivery.change(insert()));
		delivery.abort();
		assertThat(target.rollbacks).isEqualTo(1);
		assertThat(target.commits).isEmpty();
	}

	@Test
	void anInitialSyncCommitsEachChunkAtThePositionTheTargetHadAndItsEndAtTheConsistentPoint() throws Exception {
		RecordingTarget target = new RecordingTarget();
		Delivery delivery = delivery(new DeliverySettings(10, Duration.ofMinutes(1), 2, false, 100), target,
				Lsn.of(50));
		delivery.reset(new Reset(ResetReason.MANUAL, Instant.now()));
		for (int i = 0; i < 5; i++) {
			delivery.snapshotRow(insert());
		}
		assertThat(target.commits).containsExactly(Lsn.of(50), Lsn.of(50));
		assertThat(delivery.pending()).as("the fifth row is in hand").isTrue();
		delivery.syncComplete(new SyncComplete(5, Duration.ofSeconds(1), Lsn.of(400)));
		assertThat(target.commits).containsExactly(Lsn.of(50), Lsn.of(50), Lsn.of(400));
		assertThat(delivery.pending()).isFalse();
		assertThat(this.calls).filteredOn("tx:change"::equals).hasSize(5);
		this.calls.clear();
		transaction(delivery, 400, 450);
		assertThat(this.calls).as("the stream goes on from the consistent point")
			.containsExactly("target:begin", "plain:begin:400", "tx:begin:400", "plain:change", "tx:change",
					"plain:commit", "tx:commit");
	}

	@Test
	void aMessageOutsideAnyTransactionReachesEveryTarget() throws Exception {
		RecordingTarget target = new RecordingTarget();
		Delivery delivery = delivery(settings(10, false), target, Lsn.of(500));
		delivery.message(new LogicalMessage(0, Lsn.of(100), false, "app", new byte[0]));
		assertThat(this.calls).containsExactly("plain:message", "target:begin", "tx:message");
		assertThat(delivery.pending()).isTrue();
	}

	private Delivery delivery(DeliverySettings settings, RecordingTarget target, Lsn committed) {
		if (target.listeners == null) {
			target.listeners = List.of(recorder("tx"));
		}
		Delivery delivery = new Delivery(new ListenerDispatcher(List.of(recorder("plain")), ReplicationMetrics.NONE),
				settings, ORIGIN, MARKER);
		delivery.add(target, committed);
		return delivery;
	}

	private static DeliverySettings settings(int batchSize, boolean deliverOwnWrites) {
		return new DeliverySettings(batchSize, Duration.ofMinutes(1), 100, deliverOwnWrites, 100);
	}

	private void transaction(Delivery delivery, long commitLsn, long endLsn) throws ListenerException {
		delivery.begin(begin(commitLsn));
		delivery.change(insert());
		delivery.commit(commit(commitLsn, endLsn));
	}

	private static Begin begin(long commitLsn) {
		return new Begin(1, Lsn.of(commitLsn), Instant.now());
	}

	private static Commit commit(long commitLsn, long endLsn) {
		return new Commit(1, Lsn.of(commitLsn), Lsn.of(endLsn), Instant.now());
	}

	private static Insert insert() {
		return new Insert(T, RowLayout.of(T, List.of()).row(TextValues.of()), false, 1, Lsn.of(1), Instant.now());
	}

	private ChangeListener recorder(String name) {
		return new ChangeListener() {

			@Override
			public void onBegin(Begin begin) {
				DeliveryTests.this.calls.add(name + ":begin:" + begin.commitLsn().value());
			}

			@Override
			public void onChange(Change change) {
				DeliveryTests.this.calls.add(name + ":change");
			}

			@Override
			public void onMessage(LogicalMessage message) {
				DeliveryTests.this.calls.add(name + ":message");
			}

			@Override
			public void onCommit(Commit commit) {
				DeliveryTests.this.calls.add(name + ":commit");
			}

		};
	}

	private final class RecordingTarget implements TransactionalTarget {

		List<ChangeListener> listeners;

		final List<Lsn> commits = new ArrayList<>();

		int rollbacks;

		@Override
		public String name() {
			return "recording";
		}

		@Override
		public List<ChangeListener> listeners() {
			return this.listeners;
		}

		@Override
		public Lsn open() {
			return Lsn.INVALID;
		}

		@Override
		public void begin() {
			DeliveryTests.this.calls.add("target:begin");
		}

		@Override
		public void commit(Lsn position) {
			this.commits.add(position);
		}

		@Override
		public void rollback() {
			this.rollbacks++;
		}

	}

}
