package dev.zero.shard;

import java.util.Locale;

/**
 * Where a shard's background worker is.
 */
public enum ShardState {

	/** Started; the upstream has not been validated yet. */
	STARTING,

	/** The last validation found a failing requirement; it is re-checked on an interval. */
	NOT_READY,

	/** The upstream meets every requirement. */
	READY,

	/** The worker has stopped. */
	STOPPED;

	/** The lower-case form used in health details, for example {@code not-ready}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
