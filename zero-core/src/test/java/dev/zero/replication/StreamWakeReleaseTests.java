package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Lsn;
import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream is closed for an idle release only while the worker still blocks between
 * transactions in the quiet period the decision was made on, with nothing in progress and the
 * same position acknowledged; the decision is told before the stream closes, so that a wake
 * after it is not lost.
 */
class StreamWakeReleaseTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void releasesOnlyTheQuietReadTheDecisionWasMadeOn() throws Exception {
		StreamWake wake = new StreamWake();
		AtomicInteger decided = new AtomicInteger();
		Lsn acknowledged = Lsn.of(42);
		try (Connection streaming = postgres.database().connect()) {
			wake.blockingIdle(streaming, acknowledged, false);
			assertThat(wake.quietSince()).as("a re-read in progress").isNull();
			wake.returned();
			wake.blockingIdle(streaming, acknowledged, true);
			Long quiet = wake.quietSince();
			assertThat(quiet).isNotNull();
			wake.returned();
			wake.activity();
			wake.blockingIdle(streaming, acknowledged, true);
			assertThat(wake.release(quiet, acknowledged, decided::incrementAndGet)).as("delivered since").isFalse();
			quiet = wake.quietSince();
			assertThat(wake.release(quiet, Lsn.of(43), decided::incrementAndGet)).as("acknowledged more since")
				.isFalse();
			wake.blockingBusy(streaming);
			assertThat(wake.release(quiet, acknowledged, decided::incrementAndGet)).as("in a transaction").isFalse();
			assertThat(decided).hasValue(0);
			assertThat(streaming.isClosed()).isFalse();
			wake.blockingIdle(streaming, acknowledged, true);
			AtomicInteger closedWhenTold = new AtomicInteger(-1);
			assertThat(wake.release(wake.quietSince(), acknowledged, () -> closedWhenTold.set(closed(streaming))))
				.isTrue();
			assertThat(closedWhenTold).as("told before the stream closes").hasValue(0);
			decided.incrementAndGet();
			assertThat(decided).hasValue(1);
			assertThat(streaming.isClosed()).isTrue();
			assertThat(wake.consumeReleased()).isTrue();
			assertThat(wake.consumeReleased()).isFalse();
			assertThat(wake.consumeInterrupted()).as("closed on purpose").isTrue();
		}
	}

	private static int closed(Connection connection) {
		try {
			return connection.isClosed() ? 1 : 0;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
