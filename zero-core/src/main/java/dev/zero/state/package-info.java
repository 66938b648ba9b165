/**
 * The shard's own schema: versioned, the starter's alone.
 */
@NullMarked
package dev.zero.state;

import org.jspecify.annotations.NullMarked;
