package dev.zero.upstream;

import dev.zero.upstream.UpstreamFacts.Slot;

/**
 * {@code wal-retention}: how much WAL the server keeps for a slot that falls behind. A bounded
 * {@code max_slot_wal_keep_size} protects the disk but invalidates slots, which then have to
 * be re-synced from scratch: the connection guide recommends it for development only.
 */
final class WalRetentionCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "wal-retention";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		Slot ours = facts.capacity().ourSlot();
		long keepMb = facts.server().maxSlotWalKeepSizeMb();
		if (ours != null && "lost".equals(ours.walStatus())) {
			return CheckResult.warn(id(), "slot " + ours.name() + " was invalidated (wal_status lost): it fell "
					+ "further behind than max_slot_wal_keep_size (" + keepMb + " MB) allows",
					"Nothing to do now: the starter drops the slot, creates a new one and re-syncs from scratch. "
							+ "To avoid it, raise max_slot_wal_keep_size or set it to -1.");
		}
		if (ours != null && "unreserved".equals(ours.walStatus())) {
			return CheckResult.warn(id(), "slot " + ours.name() + " is behind by more than max_slot_wal_keep_size ("
					+ keepMb + " MB, wal_status unreserved): it is invalidated at the next checkpoint unless it "
					+ "catches up, and then re-synced from scratch",
					"Raise max_slot_wal_keep_size (ALTER SYSTEM SET max_slot_wal_keep_size = ...; SELECT pg_reload_conf();) "
							+ "or set it to -1.");
		}
		if (keepMb >= 0) {
			return CheckResult.warn(id(), "max_slot_wal_keep_size is " + keepMb + " MB: a slot that falls further "
					+ "behind is invalidated and re-synced from scratch (slot has been invalidated because it "
					+ "exceeded the maximum reserved size)",
					"Fine for development databases. For production, unset it (ALTER SYSTEM RESET "
							+ "max_slot_wal_keep_size; SELECT pg_reload_conf();) and watch the slot's retained WAL "
							+ "instead.");
		}
		return CheckResult.ok(id(), "max_slot_wal_keep_size is -1: WAL is kept until the slot has read it");
	}

}
