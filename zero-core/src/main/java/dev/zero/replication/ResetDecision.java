package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.zero.change.ResetReason;
import dev.zero.state.SyncState;

/**
 * Decides, when a replication session starts, whether replicated state must start over, and
 * why. A reset already begun and not completed wins (it is finished with its own reason), then
 * a requested one, then the slot's and the configuration's state, then a target that has no
 * position yet, then a promotion that lost what was delivered.
 */
final class ResetDecision {

	private ResetDecision() {
	}

	/**
	 * @param stored what the shard's schema records
	 * @param slot the slot as the server has it, if it exists
	 * @param slotName the slot this session uses
	 * @param publications the publications in use now
	 * @param requested a reset asked for (manually, or after a schema change), or {@code null}
	 * @return the reason to reset, or {@code null} to continue from the slot's position
	 */
	static @Nullable ResetReason decide(SyncState stored, Optional<ReplicationSlot.Info> slot, String slotName,
			List<String> publications, @Nullable ResetReason requested) {
		return decide(stored, slot, slotName, publications, requested, null);
	}

	/**
	 * @param stored what the shard's schema records
	 * @param slot the slot as the server has it, if it exists
	 * @param slotName the slot this session uses
	 * @param publications the publications in use now
	 * @param requested a reset asked for (manually, or after a schema change), or {@code null}
	 * @param now the upstream's cluster and timeline, or {@code null} when not known
	 * @return the reason to reset, or {@code null} to continue from the slot's position
	 */
	static @Nullable ResetReason decide(SyncState stored, Optional<ReplicationSlot.Info> slot, String slotName,
			List<String> publications, @Nullable ResetReason requested, @Nullable UpstreamTimeline now) {
		return decide(stored, slot, slotName, publications, requested, now, false, false);
	}

	/**
	 * @param stored what the shard's schema records
	 * @param slot the slot as the server has it, if it exists
	 * @param slotName the slot this session uses
	 * @param publications the publications in use now
	 * @param requested a reset asked for (manually, or after a schema change), or {@code null}
	 * @param now the upstream's cluster and timeline, or {@code null} when not known
	 * @param targetWithoutState whether a transactional target has no position yet (it was
	 * added): its effects would miss everything before, so it starts from a snapshot
	 * @param diverged whether a promotion lost what was delivered or committed (see
	 * {@link PromotionCheck})
	 * @return the reason to reset, or {@code null} to continue from the slot's position
	 */
	static @Nullable ResetReason decide(SyncState stored, Optional<ReplicationSlot.Info> slot, String slotName,
			List<String> publications, @Nullable ResetReason requested, @Nullable UpstreamTimeline now,
			boolean targetWithoutState, boolean diverged) {
		ResetReason reason = decideFromState(stored, slot, slotName, publications, requested, now);
		if (reason == null && targetWithoutState) {
			return ResetReason.TARGET_ADDED;
		}
		if (reason == null && diverged) {
			return ResetReason.TIMELINE_DIVERGED;
		}
		return reason;
	}

	private static @Nullable ResetReason decideFromState(SyncState stored, Optional<ReplicationSlot.Info> slot,
			String slotName, List<String> publications, @Nullable ResetReason requested,
			@Nullable UpstreamTimeline now) {
		ResetReason pending = stored.resetPending();
		if (pending != null) {
			return pending;
		}
		if (requested != null) {
			return requested;
		}
		if (slot.isEmpty()) {
			if (!stored.synced() || !slotName.equals(stored.slotName())) {
				return ResetReason.INITIAL;
			}
			return promoted(stored, now) ? ResetReason.FAILOVER : ResetReason.SLOT_MISSING;
		}
		if (slot.get().invalidated()) {
			return ResetReason.SLOT_INVALIDATED;
		}
		if (!stored.synced() || !slotName.equals(stored.slotName())) {
			return ResetReason.INITIAL;
		}
		if (!stored.syncedPublications().stream().sorted().toList().equals(publications.stream().sorted().toList())) {
			return ResetReason.PUBLICATIONS_CHANGED;
		}
		return null;
	}

	/** Whether the upstream is a promoted standby of the server the state last streamed from. */
	private static boolean promoted(SyncState stored, @Nullable UpstreamTimeline now) {
		return now != null && stored.timeline() > 0 && now.systemIdentifier().equals(stored.systemIdentifier())
				&& now.timeline() != stored.timeline();
	}

}
