/**
 * The public API: what applications implement ({@link dev.zero.change.ChangeListener}),
 * annotate ({@link dev.zero.change.ZeroListener @ZeroListener}) and receive (the changes, their
 * rows, resets and schema changes), nothing else.
 */
@NullMarked
package dev.zero.change;

import org.jspecify.annotations.NullMarked;
