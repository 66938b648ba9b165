/**
 * The shard's own schema: versioned, the starter's alone.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.state;

import org.jspecify.annotations.NullMarked;
