package dev.zero.test.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.zero.change.Begin;
import dev.zero.change.Commit;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Reset;
import dev.zero.change.ResetReason;
import dev.zero.change.SyncComplete;
import dev.zero.change.Truncate;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationStatus;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardState;
import dev.zero.supervisor.ShardStatus;
import dev.zero.test.change.Changes;
import dev.zero.test.change.Rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the recorder counts as arrived and when, without a server (the stream is the
 * business of {@link AutoConfigureZeroTestTests}).
 */
class ChangeRecorderTests {

	private final AtomicReference<ReplicationState> state = new AtomicReference<>(ReplicationState.STREAMING);

	private final ChangeRecorder recorder = new ChangeRecorder(() -> new ShardStatus(new ShardId("app", 0),
			ShardState.READY, null, null, ReplicationStatus.initial(this.state.get(), "app_spring_0")));

	@Test
	void countsTheChangesOfATransactionAsArrivedOnceItCommits() {
		Insert insert = Changes.insert(Rows.of("todo").key("id", 1L));
		this.recorder.onBegin(new Begin(1000, Lsn.of(100), Instant.now()));
		this.recorder.onChange(insert);
		assertThat(this.recorder.changes()).isEmpty();
		this.recorder.onCommit(new Commit(1000, Lsn.of(100), Lsn.of(200), Instant.now()));
		assertThat(this.recorder.changes()).containsExactly(insert);
		assertThat(this.recorder.awaitChange(Insert.class, "todo", (row) -> row.getLong("id") == 1L)).isSameAs(insert);
	}

	@Test
	void countsARowOfAnInitialSyncAsArrivedWithTheNextEvent() {
		Insert first = Changes.snapshotInsert(Rows.of("todo").key("id", 1L));
		Insert second = Changes.snapshotInsert(Rows.of("todo").key("id", 2L));
		this.recorder.onReset(new Reset(ResetReason.INITIAL, Instant.now()));
		this.recorder.onChange(first);
		assertThat(this.recorder.changes()).isEmpty();
		this.recorder.onChange(second);
		assertThat(this.recorder.changes()).containsExactly(first);
		this.recorder.onSyncComplete(new SyncComplete(2, Duration.ofMillis(1), Lsn.of(100)));
		assertThat(this.recorder.changes()).containsExactly(first, second);
	}

	@Test
	void waitsForAChangeThatArrivesAfterTheStimulus() throws Exception {
		Truncate truncate = Changes.truncate("todo");
		this.recorder.onChange(Changes.insert(Rows.of("todo").key("id", 1L)));
		this.recorder.onCommit(new Commit(1000, Lsn.of(100), Lsn.of(200), Instant.now()));
		Stimulus stimulus = this.recorder.stimulate(() -> new Thread(() -> {
			this.recorder.onBegin(new Begin(1001, Lsn.of(300), Instant.now()));
			this.recorder.onChange(truncate);
			this.recorder.onCommit(new Commit(1001, Lsn.of(300), Lsn.of(400), Instant.now()));
		}).start());
		assertThat(stimulus.andWaitFor(Truncate.class, "todo")).isSameAs(truncate);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> stimulus.within(Duration.ofMillis(50)).andWaitFor(Insert.class, "todo"))
			.withMessage("No insert on public.todo arrived within 50 ms; arrived (1):\n  truncate [public.todo]");
	}

	@Test
	void listsWhatArrivedWhenTheChangeDoesNot() {
		this.recorder.onChange(Changes.deleteWholeRow(Rows.of("todo").key("id", 2L).column("title", "x")));
		this.recorder.onCommit(new Commit(1000, Lsn.of(100), Lsn.of(200), Instant.now()));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.recorder.stimulate(() -> {
			}).within(Duration.ofMillis(10)).andWaitFor(Delete.class, "todo"))
			.withMessage("No delete on public.todo arrived within 10 ms; no change arrived");
		this.recorder.clear();
		assertThat(this.recorder.changes()).isEmpty();
	}

	@Test
	void saysWhyTheShardDoesNotStream() {
		this.state.set(ReplicationState.STARTING);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.recorder.awaitStreaming(Duration.ofMillis(50)))
			.withMessage("The shard did not stream within 50 ms: shard app/0 is ready; replication of slot app_spring_0 is STARTING");
	}

}
