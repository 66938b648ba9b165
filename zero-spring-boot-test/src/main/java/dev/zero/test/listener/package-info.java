/**
 * Calling a bean's {@link dev.zero.change.ZeroListener @ZeroListener} methods, or a
 * {@link dev.zero.change.ChangeListener}, with changes in a unit test, as the stream calls
 * them.
 */
@NullMarked
package dev.zero.test.listener;

import org.jspecify.annotations.NullMarked;
