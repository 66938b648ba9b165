/**
 * The wire protocol: pgoutput bytes in, messages out. Pure, no I/O.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.pgoutput;

import org.jspecify.annotations.NullMarked;
