/**
 * Spring Boot glue for serving Zero's mutators: {@code zero.push.*}, the
 * {@link dev.zero.push.ZeroMutator @ZeroMutator} methods found among the application's beans,
 * and the push endpoint, a {@code RouterFunction} on Spring MVC.
 */
@NullMarked
package dev.zero.push.autoconfigure;

import org.jspecify.annotations.NullMarked;
