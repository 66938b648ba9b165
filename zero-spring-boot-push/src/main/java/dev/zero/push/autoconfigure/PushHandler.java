package dev.zero.push.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.zero.push.PushAuthorizer;
import dev.zero.push.PushRejectedException;
import dev.zero.push.processor.PushProcessor;
import dev.zero.push.processor.PushRequest;

/**
 * The push endpoint: checks the request ({@code X-Api-Key}, then every {@link PushAuthorizer},
 * then the shard's tables), hands it to the {@link PushProcessor} and answers its JSON with
 * 200, as zero-server's handler does (a failed push is a {@code PushFailed} body, not an HTTP
 * error). A rejected request is answered 401 or 403, a missing shard 503: zero-cache reports
 * those to the client as a push failed over HTTP (and retries a 503).
 */
final class PushHandler implements HandlerFunction<ServerResponse> {

	private final PushProcessor processor;

	private final ShardTablesCheck tables;

	private final ObjectProvider<PushAuthorizer> authorizers;

	private final byte @Nullable [] apiKey;

	private final JsonMapper json;

	PushHandler(PushProcessor processor, ShardTablesCheck tables, ObjectProvider<PushAuthorizer> authorizers,
			@Nullable String apiKey, JsonMapper json) {
		this.processor = processor;
		this.tables = tables;
		this.authorizers = authorizers;
		this.apiKey = (apiKey != null && !apiKey.isEmpty()) ? apiKey.getBytes(StandardCharsets.UTF_8) : null;
		this.json = json;
	}

	@Override
	public ServerResponse handle(ServerRequest request) throws Exception {
		HttpServletRequest servlet = request.servletRequest();
		if (this.apiKey != null) {
			String given = servlet.getHeader("X-Api-Key");
			if (given == null || !MessageDigest.isEqual(this.apiKey, given.getBytes(StandardCharsets.UTF_8))) {
				return error(401, "Missing or wrong X-Api-Key header");
			}
		}
		try {
			for (PushAuthorizer authorizer : this.authorizers.orderedStream().toList()) {
				authorizer.authorize(servlet);
			}
		}
		catch (PushRejectedException ex) {
			return error(ex.getStatus(), ex.getMessage());
		}
		String problem = this.tables.problem();
		if (problem != null) {
			return error(503, problem);
		}
		String body = request.body(String.class);
		PushRequest push = new PushRequest(body, servlet.getParameter("schema"), servlet.getParameter("appID"),
				bearerToken(servlet.getHeader(HttpHeaders.AUTHORIZATION)), servlet.getUserPrincipal());
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(this.processor.process(push)));
	}

	private ServerResponse error(int status, String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(this.json.createObjectNode().put("message", message)));
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
			return null;
		}
		return authorization.substring("bearer ".length()).trim();
	}

}
