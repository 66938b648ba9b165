package dev.zero.push.processor;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * A push request as the endpoint received it.
 *
 * @param body the request's body
 * @param schema the {@code schema} query parameter, or {@code null}
 * @param appID the {@code appID} query parameter, or {@code null}
 * @param bearerToken the token of the {@code Authorization: Bearer} header, or {@code null}
 * @param principal the request's authenticated user, or {@code null}
 */
public record PushRequest(String body, @Nullable String schema, @Nullable String appID, @Nullable String bearerToken,
		@Nullable Principal principal) {

	@Override
	public String toString() {
		return "PushRequest[schema=" + this.schema + ", appID=" + this.appID + "]";
	}

}
