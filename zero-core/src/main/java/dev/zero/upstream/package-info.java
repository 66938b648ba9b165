/**
 * The upstream server inspected once, then small pure checks over the facts.
 */
@NullMarked
package dev.zero.upstream;

import org.jspecify.annotations.NullMarked;
