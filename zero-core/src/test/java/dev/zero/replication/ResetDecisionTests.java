package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.zero.change.Lsn;
import dev.zero.change.ResetReason;
import dev.zero.state.SyncState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reason a session starts replicated state over, decided in one place.
 */
class ResetDecisionTests {

	private static final List<String> PUBLICATIONS = List.of("pub");

	private static final Optional<ReplicationSlot.Info> SLOT = Optional
		.of(new ReplicationSlot.Info("app", "pgoutput", Lsn.of(100), "reserved", 0, null));

	private static final SyncState SYNCED = new SyncState("slot", true, PUBLICATIONS, "[]", null, ResetReason.INITIAL,
			Instant.EPOCH, 1, List.of(), null, null, 0);

	@Test
	void aSyncedShardWithItsSlotContinues() {
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, null)).isNull();
	}

	@Test
	void aNeverSyncedShardStartsWithInitial() {
		assertThat(ResetDecision.decide(SyncState.NONE, Optional.empty(), "slot", PUBLICATIONS, null))
			.isEqualTo(ResetReason.INITIAL);
		assertThat(ResetDecision.decide(SyncState.NONE, SLOT, "slot", PUBLICATIONS, null))
			.isEqualTo(ResetReason.INITIAL);
	}

	@Test
	void aSlotOfAnotherNameThanTheSyncedOneStartsWithInitial() {
		assertThat(ResetDecision.decide(SYNCED, SLOT, "other", PUBLICATIONS, null)).isEqualTo(ResetReason.INITIAL);
	}

	@Test
	void aMissingSlotOfASyncedShardIsSlotMissing() {
		assertThat(ResetDecision.decide(SYNCED, Optional.empty(), "slot", PUBLICATIONS, null))
			.isEqualTo(ResetReason.SLOT_MISSING);
	}

	@Test
	void aMissingSlotAfterAPromotionIsFailover() {
		SyncState onTimelineOne = new SyncState("slot", true, PUBLICATIONS, "[]", null, ResetReason.INITIAL,
				Instant.EPOCH, 1, List.of(), null, "7412", 1);
		assertThat(ResetDecision.decide(onTimelineOne, Optional.empty(), "slot", PUBLICATIONS, null,
				new UpstreamTimeline("7412", 2)))
			.isEqualTo(ResetReason.FAILOVER);
		assertThat(ResetDecision.decide(onTimelineOne, Optional.empty(), "slot", PUBLICATIONS, null,
				new UpstreamTimeline("7412", 1)))
			.as("the same timeline: dropped by hand")
			.isEqualTo(ResetReason.SLOT_MISSING);
		assertThat(ResetDecision.decide(onTimelineOne, Optional.empty(), "slot", PUBLICATIONS, null,
				new UpstreamTimeline("9999", 2)))
			.as("another cluster")
			.isEqualTo(ResetReason.SLOT_MISSING);
		assertThat(ResetDecision.decide(SYNCED, Optional.empty(), "slot", PUBLICATIONS, null,
				new UpstreamTimeline("7412", 2)))
			.as("no timeline recorded")
			.isEqualTo(ResetReason.SLOT_MISSING);
	}

	@Test
	void anInvalidatedSlotIsSlotInvalidated() {
		Optional<ReplicationSlot.Info> lost = Optional
			.of(new ReplicationSlot.Info("app", "pgoutput", Lsn.of(100), "lost", 0, null));
		assertThat(ResetDecision.decide(SYNCED, lost, "slot", PUBLICATIONS, null))
			.isEqualTo(ResetReason.SLOT_INVALIDATED);
		Optional<ReplicationSlot.Info> timedOut = Optional
			.of(new ReplicationSlot.Info("app", "pgoutput", Lsn.of(100), "unreserved", 0, "idle_timeout"));
		assertThat(ResetDecision.decide(SYNCED, timedOut, "slot", PUBLICATIONS, null))
			.isEqualTo(ResetReason.SLOT_INVALIDATED);
	}

	@Test
	void otherPublicationsThanTheSyncedOnesArePublicationsChanged() {
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", List.of("pub", "more"), null))
			.isEqualTo(ResetReason.PUBLICATIONS_CHANGED);
	}

	@Test
	void aRequestedResetWinsOverTheState() {
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, ResetReason.MANUAL))
			.isEqualTo(ResetReason.MANUAL);
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, ResetReason.SCHEMA_CHANGED))
			.isEqualTo(ResetReason.SCHEMA_CHANGED);
	}

	@Test
	void aPendingResetIsFinishedWithItsOwnReasonBeforeAnythingElse() {
		SyncState pending = new SyncState("slot", false, PUBLICATIONS, "[]", ResetReason.SCHEMA_CHANGED, ResetReason.INITIAL,
				Instant.EPOCH, 1, List.of(), null, null, 0);
		assertThat(ResetDecision.decide(pending, Optional.empty(), "slot", List.of("x"), ResetReason.MANUAL))
			.isEqualTo(ResetReason.SCHEMA_CHANGED);
	}

	@Test
	void aTargetWithoutAPositionIsTargetAddedWhenNothingElseResets() {
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, null, null, true, false))
			.isEqualTo(ResetReason.TARGET_ADDED);
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, ResetReason.MANUAL, null, true, false))
			.as("a requested reset starts the target from its snapshot too")
			.isEqualTo(ResetReason.MANUAL);
		assertThat(ResetDecision.decide(SyncState.NONE, SLOT, "slot", PUBLICATIONS, null, null, true, false))
			.isEqualTo(ResetReason.INITIAL);
	}

	@Test
	void aPromotionThatLostWhatWasDeliveredIsTimelineDivergedWhenNothingElseResets() {
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, null, null, false, true))
			.isEqualTo(ResetReason.TIMELINE_DIVERGED);
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, null, null, true, true))
			.as("a target without a position is named first")
			.isEqualTo(ResetReason.TARGET_ADDED);
		assertThat(ResetDecision.decide(SYNCED, Optional.empty(), "slot", PUBLICATIONS, null, null, false, true))
			.isEqualTo(ResetReason.SLOT_MISSING);
		assertThat(ResetDecision.decide(SYNCED, SLOT, "slot", PUBLICATIONS, null, null, false, false)).isNull();
	}

}
