/**
 * The slot, the stream session, the delivery links, acknowledgements, resets and the initial
 * sync.
 */
@NullMarked
package dev.zero.replication;

import org.jspecify.annotations.NullMarked;
