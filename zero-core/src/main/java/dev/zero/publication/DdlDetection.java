package dev.zero.publication;

import java.util.Locale;

/**
 * How the shard learns of schema changes.
 */
public enum DdlDetection {

	/** Its own event triggers emit a DDL message into the stream, followed in place. */
	EVENT_TRIGGERS,

	/** The stream's relation descriptions are compared with the recorded published schema. */
	RELATION_DIFF;

	/** {@code event-triggers} or {@code relation-diff}, as health, reports and the shard's state show it. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
