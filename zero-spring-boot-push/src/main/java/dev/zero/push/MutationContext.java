package dev.zero.push;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * Which mutation a {@link ZeroMutator @ZeroMutator} method runs, and for whom.
 *
 * @param clientGroupID the client group that pushed it
 * @param clientID the client that ran it
 * @param mutationID its id, one more than the client's last mutation
 * @param name the mutator's name
 * @param bearerToken the token of the request's {@code Authorization: Bearer} header
 * (zero-cache forwards the client's auth token there), or {@code null}
 * @param principal the request's authenticated user (Spring Security's
 * {@code Authentication} when it is present), or {@code null}
 */
public record MutationContext(String clientGroupID, String clientID, long mutationID, String name,
		@Nullable String bearerToken, @Nullable Principal principal) {

	@Override
	public String toString() {
		// never the token
		return "MutationContext[clientGroupID=" + this.clientGroupID + ", clientID=" + this.clientID
				+ ", mutationID=" + this.mutationID + ", name=" + this.name + "]";
	}

}
