/**
 * The names derived from an app id and shard number, and the mark on what the starter
 * creates.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.shard;

import org.jspecify.annotations.NullMarked;
