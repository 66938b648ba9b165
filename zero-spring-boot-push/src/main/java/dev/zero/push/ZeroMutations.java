package dev.zero.push;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.change.LogicalMessage;

/**
 * Tells a listener that a transaction came from a {@link ZeroMutator @ZeroMutator}: the
 * transaction of every mutation a mutator runs starts with a transactional logical message
 * with the prefix {@link #MESSAGE_PREFIX}, whose content is JSON
 * ({@code {"clientGroupID":"...","clientID":"...","mutationID":1,"name":"todo.create"}}). A
 * {@code ChangeListener} receives it in {@code onMessage}, before the mutator's changes.
 */
public final class ZeroMutations {

	/** The prefix of the logical message a mutator's transaction carries. */
	public static final String MESSAGE_PREFIX = "zero-spring-boot-push/mutation";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ZeroMutations() {
	}

	/**
	 * The mutation a logical message names, when it is a mutator's.
	 * @param message a message a listener received
	 * @return the mutation, or empty when the message is another sender's
	 */
	public static Optional<MutationMessage> of(LogicalMessage message) {
		if (!message.transactional() || !MESSAGE_PREFIX.equals(message.prefix())) {
			return Optional.empty();
		}
		try {
			JsonNode json = JSON.readTree(new String(message.content(), StandardCharsets.UTF_8));
			return Optional.of(new MutationMessage(json.path("clientGroupID").asString(),
					json.path("clientID").asString(), json.path("mutationID").asLong(), json.path("name").asString()));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The content of the message for a mutation, as {@link #of} reads it.
	 * @param mutation the mutation
	 * @return its JSON
	 */
	public static String content(MutationMessage mutation) {
		return JSON.writeValueAsString(mutation);
	}

}
