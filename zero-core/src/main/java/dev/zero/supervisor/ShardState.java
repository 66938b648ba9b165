package dev.zero.supervisor;

import java.util.Locale;

/**
 * Where a shard's background worker is.
 */
public enum ShardState {

	/** Started; the upstream has not been validated yet. */
	STARTING,

	/** A check failed (upstream or publications); re-checked on an interval. */
	NOT_READY,

	/** The upstream meets every requirement and the publications are in place. */
	READY,

	/** The worker has stopped. */
	STOPPED,

	/** Everything the starter created upstream for this shard has been removed. */
	DECOMMISSIONED;

	/** The lower-case form used in health details, for example {@code not-ready}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
