package dev.zero.catalog;

/**
 * A table's replica identity ({@code pg_class.relreplident}): which columns the old row of an
 * UPDATE or DELETE carries, and so whether PostgreSQL lets those statements run once the
 * table is published.
 */
public enum ReplicaIdentity {

	/** The primary key's columns ({@code d}); none, and UPDATE and DELETE fail, without one. */
	DEFAULT('d'),

	/** No columns ({@code n}): UPDATE and DELETE fail once the table is published. */
	NOTHING('n'),

	/** Every column ({@code f}). */
	FULL('f'),

	/** The columns of the index chosen with {@code REPLICA IDENTITY USING INDEX} ({@code i}). */
	INDEX('i');

	private final char code;

	ReplicaIdentity(char code) {
		this.code = code;
	}

	/** The identity that {@code relreplident} (or a Relation message) names. */
	public static ReplicaIdentity of(char code) {
		for (ReplicaIdentity identity : values()) {
			if (identity.code == code) {
				return identity;
			}
		}
		throw new IllegalArgumentException("Unknown replica identity '" + code + "'");
	}

	/** Its {@code relreplident} code. */
	public char code() {
		return this.code;
	}

}
