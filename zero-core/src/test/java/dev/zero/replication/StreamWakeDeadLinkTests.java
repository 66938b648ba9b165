package dev.zero.replication;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Lsn;
import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream is closed as dead only while the worker is still blocked in the read the judgement
 * was made on: a worker busy with what it read, or one that received something since, is left
 * alone.
 */
class StreamWakeDeadLinkTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final DeadLink DEAD = new DeadLink("no data", List.of());

	@Test
	void closesOnlyTheReadTheJudgementWasMadeOn() throws Exception {
		StreamWake wake = new StreamWake();
		try (Connection streaming = postgres.database().connect()) {
			assertThat(wake.readsWhileReading()).as("before the first read").isEqualTo(-1);
			wake.blockingIdle(streaming, Lsn.INVALID);
			long reads = wake.readsWhileReading();
			assertThat(reads).isZero();
			wake.returned();
			assertThat(wake.readsWhileReading()).as("busy with what it read").isEqualTo(-1);
			assertThat(wake.abortDead(reads, DEAD)).as("busy").isFalse();
			wake.blockingBusy(streaming);
			assertThat(wake.abortDead(reads, DEAD)).as("received something since").isFalse();
			assertThat(streaming.isClosed()).isFalse();
			assertThat(wake.consumeDeadLink()).isNull();
			assertThat(wake.abortDead(wake.readsWhileReading(), DEAD)).isTrue();
			assertThat(streaming.isClosed()).isTrue();
			assertThat(wake.consumeInterrupted()).as("not a stop or reset").isFalse();
			assertThat(wake.consumeDeadLink()).isEqualTo(DEAD);
			assertThat(wake.consumeDeadLink()).isNull();
		}
	}

}
