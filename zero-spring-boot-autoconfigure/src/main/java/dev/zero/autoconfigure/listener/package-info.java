/**
 * Spring glue for {@link dev.zero.change.ZeroListener @ZeroListener} methods: finds them on
 * the application's beans, turns each into a {@link dev.zero.change.ChangeListener} whose
 * parameters are bound from the change, and orders them with the ChangeListener beans.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
