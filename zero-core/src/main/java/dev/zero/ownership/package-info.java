/**
 * Whose an object is: the objects the starter created for a shard, zero-cache's shards beside
 * them, and moving a shard of 0.1.
 */
@NullMarked
package dev.zero.ownership;

import org.jspecify.annotations.NullMarked;
