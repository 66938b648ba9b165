/**
 * Whose an object is: the objects the starter created for a shard, zero-cache's shards beside
 * them, and moving a shard of 0.1.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.ownership;

import org.jspecify.annotations.NullMarked;
