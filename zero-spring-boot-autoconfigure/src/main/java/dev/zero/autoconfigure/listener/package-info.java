/**
 * Spring glue for {@link dev.zero.change.ZeroListener @ZeroListener} methods: finds them on
 * the application's beans, turns each into a {@link dev.zero.change.ChangeListener} whose
 * parameters are bound from the change, and orders them with the ChangeListener beans.
 */
@NullMarked
package dev.zero.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
