package dev.zero.replication;

import org.junit.jupiter.api.Test;

import dev.zero.change.Lsn;

import static org.assertj.core.api.Assertions.assertThat;

class TargetPositionsTests {

	private final TargetPositions positions = new TargetPositions();

	@Test
	void aTargetBehindTheSlotIsTheDistanceInBytesBehindIt() {
		this.positions.committed("kafka", Lsn.of(0x100));
		this.positions.committed("database", Lsn.of(0x180));
		assertThat(this.positions.progress(Lsn.of(0x200))).containsExactly(
				new TargetProgress("database", Lsn.of(0x180), 0x80), new TargetProgress("kafka", Lsn.of(0x100), 0x100));
	}

	@Test
	void aTargetAheadOfTheSlotBetweenItsCommitAndTheAcknowledgementIsNotBehind() {
		this.positions.committed("database", Lsn.of(0x300));
		assertThat(this.positions.progress(Lsn.of(0x200)))
			.containsExactly(new TargetProgress("database", Lsn.of(0x300), 0));
	}

	@Test
	void whatIsNotKnownYetHasNoDistance() {
		this.positions.committed("database", Lsn.INVALID);
		this.positions.committed("kafka", Lsn.of(0x100));
		assertThat(this.positions.progress(null)).containsExactly(new TargetProgress("database", null, -1),
				new TargetProgress("kafka", Lsn.of(0x100), -1));
		assertThat(new TargetPositions().progress(Lsn.of(1))).isEmpty();
	}

	@Test
	void theLastCommitIsWhatCounts() {
		this.positions.committed("database", Lsn.of(0x100));
		this.positions.committed("database", Lsn.of(0x200));
		assertThat(this.positions.progress(Lsn.of(0x200)))
			.containsExactly(new TargetProgress("database", Lsn.of(0x200), 0));
	}

}
