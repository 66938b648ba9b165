/**
 * The shard's lifecycle: validate, provision, run the replication listener.
 *
 * <p>{@link dev.zero.supervisor.ShardSupervisor}'s public methods are API (decommission, reset,
 * re-sync from code); the other classes are internal and may change in any release.
 */
@NullMarked
package dev.zero.supervisor;

import org.jspecify.annotations.NullMarked;
