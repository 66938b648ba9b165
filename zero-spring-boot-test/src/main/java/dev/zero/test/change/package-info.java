/**
 * Rows and changes for unit tests of listeners: {@link dev.zero.test.change.Rows} builds a
 * {@link dev.zero.change.Row} from Java values, which reads exactly as a row from the stream,
 * and {@link dev.zero.test.change.Changes} wraps rows into inserts, updates, deletes and
 * truncations.
 */
@NullMarked
package dev.zero.test.change;

import org.jspecify.annotations.NullMarked;
