/**
 * The wire protocol: pgoutput bytes in, messages out. Pure, no I/O.
 */
@NullMarked
package dev.zero.pgoutput;

import org.jspecify.annotations.NullMarked;
