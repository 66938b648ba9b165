/**
 * Changes a listener gave up on, kept in the shard's own schema ({@code dead_letter}) to be
 * looked at and replayed: the recoverer that writes them, the table, and the replay.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.deadletter;

import org.jspecify.annotations.NullMarked;
