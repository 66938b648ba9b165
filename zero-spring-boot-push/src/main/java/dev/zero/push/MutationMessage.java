package dev.zero.push;

/**
 * What the logical message a mutator's transaction carries says: which client's mutation the
 * transaction's changes came from. See {@link ZeroMutations}.
 *
 * @param clientGroupID the client group that pushed the mutation
 * @param clientID the client that ran it
 * @param mutationID its id
 * @param name the mutator's name
 */
public record MutationMessage(String clientGroupID, String clientID, long mutationID, String name) {
}
