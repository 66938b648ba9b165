/**
 * The upstream server inspected once, then small pure checks over the facts.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.upstream;

import org.jspecify.annotations.NullMarked;
