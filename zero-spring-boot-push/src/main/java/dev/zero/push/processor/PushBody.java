package dev.zero.push.processor;

import java.util.List;

/**
 * A push request's body, as zero-cache sends it (fields it adds that this server does not
 * use pass through unread, as {@code pushBodySchema} parses them in 1.9.0).
 *
 * @param clientGroupID the client group whose mutations these are
 * @param mutations the mutations, in order
 * @param pushVersion the protocol version, 1 in zero-cache 1.9.0
 * @param requestID the request's id
 */
public record PushBody(String clientGroupID, List<Mutation> mutations, double pushVersion, String requestID) {
}
