package dev.zero.target;

/** Where the transactional listeners' transactions record the source position they reach. */
public enum PositionStore {

	/**
	 * A replication origin where the role may use one (PostgreSQL's own mechanism, the one its
	 * logical-replication subscribers use), the shard's state table otherwise.
	 */
	AUTO,

	/**
	 * The replication origin {@code zero-spring-boot-starter/{appId}/{shard}}: progress set with
	 * {@code pg_replication_origin_xact_setup} in each transaction, and the origin marks the
	 * transaction's writes. Needs EXECUTE on the {@code pg_replication_origin_*} functions
	 * (superusers have it; others can be granted it).
	 */
	ORIGIN,

	/**
	 * A row of the shard's {@code listener_position} table written in each transaction, whose
	 * writes a transactional logical message marks. Any role that may write the table.
	 */
	TABLE

}
