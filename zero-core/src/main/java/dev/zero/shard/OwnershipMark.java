package dev.zero.shard;

import org.jspecify.annotations.Nullable;

/**
 * The comment the starter puts on every schema, publication and event trigger it creates for
 * a shard. It adopts, alters or drops such an object only when it carries this mark (or the
 * user named it): an object with one of the shard's names and no mark belongs to somebody else.
 */
public final class OwnershipMark {

	private static final String PREFIX = "zero-spring-boot-starter shard=";

	private final String key;

	public OwnershipMark(ShardId shard) {
		this.key = PREFIX + shard.appId() + "/" + shard.shardNum() + ":";
	}

	/** The comment to set on an object the starter creates. */
	public String comment() {
		return this.key + " created and managed by zero-spring-boot-starter; removed by its decommission";
	}

	/** Whether an object with this comment (or {@code null}) was created by the starter for the shard. */
	public boolean marks(@Nullable String comment) {
		return comment != null && comment.startsWith(this.key);
	}

}
