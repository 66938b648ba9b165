package dev.zero.push.processor;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a push body and checks it as zero-cache's {@code pushBodySchema} does: the required
 * fields and their types; what fails is a parse failure, whose message names the field.
 */
final class PushBodyReader {

	private final JsonMapper json;

	PushBodyReader(JsonMapper json) {
		this.json = json;
	}

	PushBody read(String body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new PushParseException("Failed to parse push body: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new PushParseException("Failed to parse push body: expected a JSON object");
		}
		String clientGroupID = string(root, "clientGroupID", "");
		double pushVersion = number(root, "pushVersion", "");
		number(root, "timestamp", "");
		String requestID = string(root, "requestID", "");
		JsonNode schemaVersion = root.get("schemaVersion");
		if (schemaVersion != null && !schemaVersion.isNumber()) {
			throw invalid("schemaVersion", "a number");
		}
		JsonNode mutations = root.get("mutations");
		if (mutations == null || !mutations.isArray()) {
			throw invalid("mutations", "an array");
		}
		List<Mutation> read = new ArrayList<>();
		for (int i = 0; i < mutations.size(); i++) {
			read.add(mutation(mutations.get(i), "mutations." + i + "."));
		}
		return new PushBody(clientGroupID, List.copyOf(read), pushVersion, requestID);
	}

	private static Mutation mutation(JsonNode node, String path) {
		if (!node.isObject()) {
			throw invalid(path.substring(0, path.length() - 1), "an object");
		}
		String type = string(node, "type", path);
		if (!type.equals("custom") && !type.equals("crud")) {
			throw invalid(path + "type", "\"custom\" or \"crud\"");
		}
		long id = (long) number(node, "id", path);
		String clientID = string(node, "clientID", path);
		String name = string(node, "name", path);
		number(node, "timestamp", path);
		JsonNode args = node.get("args");
		if (args == null || !args.isArray()) {
			throw invalid(path + "args", "an array");
		}
		return new Mutation(type, id, clientID, name, args);
	}

	private static String string(JsonNode node, String field, String path) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString()) {
			throw invalid(path + field, "a string");
		}
		return value.stringValue();
	}

	private static double number(JsonNode node, String field, String path) {
		JsonNode value = node.get(field);
		if (value == null || !value.isNumber()) {
			throw invalid(path + field, "a number");
		}
		return value.doubleValue();
	}

	private static PushParseException invalid(String field, String expected) {
		return new PushParseException("Failed to parse push body: " + field + " must be " + expected);
	}

}
