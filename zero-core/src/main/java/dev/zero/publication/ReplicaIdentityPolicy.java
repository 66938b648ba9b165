package dev.zero.publication;

import java.util.Locale;

/**
 * What the starter does about a table that has no replica identity, and so cannot be
 * published without breaking the application's UPDATE and DELETE statements on it.
 */
public enum ReplicaIdentityPolicy {

	/** Change nothing: report the table, and leave it out of publications the starter creates. */
	REPORT,

	/** Give the table the best replica identity available (a suitable unique index, else FULL). */
	AUTO;

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
