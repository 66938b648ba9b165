package dev.zero.push.processor;

import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.zero.push.ZeroMutatorException;

/**
 * The JSON zero-cache 1.9.0 reads back ({@code mutateResponseSchema}): a
 * {@code MutateResponse} with one result per mutation, or a {@code PushFailed} with its
 * reason and the ids of the mutations not processed.
 */
final class PushResponses {

	private final JsonMapper json;

	PushResponses(JsonMapper json) {
		this.json = json;
	}

	ObjectNode ok(Mutation mutation) {
		ObjectNode response = id(mutation);
		response.putObject("result");
		return response;
	}

	ObjectNode alreadyProcessed(Mutation mutation, String details) {
		ObjectNode response = id(mutation);
		response.putObject("result").put("error", "alreadyProcessed").put("details", details);
		return response;
	}

	ObjectNode appError(Mutation mutation, Throwable error) {
		ObjectNode response = id(mutation);
		response.set("result", appErrorResult(error));
		return response;
	}

	ObjectNode appErrorResult(Throwable error) {
		ObjectNode result = this.json.createObjectNode().put("error", "app").put("message", messageOf(error));
		if (error instanceof ZeroMutatorException rejected && rejected.getDetails() != null) {
			result.set("details", this.json.valueToTree(rejected.getDetails()));
		}
		return result;
	}

	ObjectNode mutateResponse(List<JsonNode> mutations) {
		ObjectNode response = this.json.createObjectNode().put("kind", "MutateResponse");
		response.putArray("mutations").addAll(mutations);
		return response;
	}

	ObjectNode pushFailed(String reason, String message, List<Mutation> unprocessed) {
		ObjectNode response = this.json.createObjectNode()
			.put("kind", "PushFailed")
			.put("origin", "server")
			.put("reason", reason)
			.put("message", message);
		ArrayNode ids = response.putArray("mutationIDs");
		unprocessed.forEach((mutation) -> ids.addObject().put("id", mutation.id()).put("clientID", mutation.clientID()));
		return response;
	}

	private ObjectNode id(Mutation mutation) {
		ObjectNode response = this.json.createObjectNode();
		response.putObject("id").put("clientID", mutation.clientID()).put("id", mutation.id());
		return response;
	}

	static String messageOf(@Nullable Throwable error) {
		if (error == null) {
			return "";
		}
		String message = error.getMessage();
		return (message != null) ? message : error.getClass().getSimpleName();
	}

}
