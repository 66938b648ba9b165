/**
 * The slot, the stream session, the delivery links, acknowledgements, resets and the initial
 * sync.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.replication;

import org.jspecify.annotations.NullMarked;
