package dev.zero.change;

import java.util.Locale;

/**
 * Why replicated state starts over from a fresh copy of the published tables.
 */
public enum ResetReason {

	/** The first start: there was no replicated state yet (or its first copy was interrupted). */
	INITIAL,

	/** The server invalidated the slot (it fell behind {@code max_slot_wal_keep_size}). */
	SLOT_INVALIDATED,

	/** The slot disappeared (dropped by hand, or lost with a failover). */
	SLOT_MISSING,

	/** A schema change that could not be followed in place (no event triggers). */
	SCHEMA_CHANGED,

	/** The set of publications changed ({@code zero.app-publications}). */
	PUBLICATIONS_CHANGED,

	/** Someone asked for it. */
	MANUAL,

	/**
	 * An exactly-once target (transactional listeners, Kafka) has committed nothing yet while
	 * replicated state exists: it starts from a snapshot, like everything else did.
	 */
	TARGET_ADDED,

	/**
	 * A standby was promoted and the new primary had no copy of the slot: PostgreSQL 15 and 16
	 * keep no logical slot across a promotion; 17+ keeps a slot created with FAILOVER on a
	 * standby that synchronizes slots.
	 */
	FAILOVER,

	/**
	 * A standby that had not received everything was promoted: changes were delivered (or
	 * committed by a target outside the upstream, such as Kafka) that the new primary never had,
	 * and its own new transactions take positions that look older. Replicated state starts over
	 * from what the new primary holds.
	 */
	TIMELINE_DIVERGED;

	/** The form used in reports and metrics, for example {@code slot-invalidated}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static ResetReason fromId(String id) {
		return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
	}

	@Override
	public String toString() {
		return id();
	}

}
