/**
 * The names derived from an app id and shard number, the mark on what the starter creates,
 * and the logical messages it writes into the WAL for a shard.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.shard;

import org.jspecify.annotations.NullMarked;
