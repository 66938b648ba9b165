/**
 * Serving Zero's custom mutators: the API. {@link dev.zero.push.ZeroMutator @ZeroMutator}
 * marks the methods that run a client's mutations, {@link dev.zero.push.MutationContext} tells
 * one which mutation it runs, {@link dev.zero.push.ZeroMutatorException} rejects a mutation
 * with a message the client sees, {@link dev.zero.push.PushAuthorizer} rejects a whole push, and
 * {@link dev.zero.push.ZeroMutations} tells a listener that a transaction came from a mutator.
 */
@NullMarked
package dev.zero.push;

import org.jspecify.annotations.NullMarked;
