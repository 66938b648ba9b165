package dev.zero.push;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a push may be processed at all, before any of its mutations run: a bean of
 * this type is asked for every push request (after the {@code X-Api-Key} check, when
 * {@code zero.push.api-key} is set). To reject one, throw {@link PushRejectedException}; the
 * endpoint answers with its status (401 or 403), which zero-cache reports to the client as a
 * failed push.
 */
@FunctionalInterface
public interface PushAuthorizer {

	/**
	 * Checks a push request.
	 * @param request the request: its {@code Authorization} header carries the client's token,
	 * its user principal the authenticated user
	 * @throws PushRejectedException to reject the push
	 */
	void authorize(HttpServletRequest request) throws PushRejectedException;

}
