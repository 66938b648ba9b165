package dev.zero.push.processor;

import tools.jackson.databind.JsonNode;

/**
 * One mutation of a push, as zero-cache sends it.
 *
 * @param type {@code custom} (or {@code crud}, which this server does not run)
 * @param id the mutation's id, one more than its client's last
 * @param clientID the client that ran it
 * @param name the mutator's name
 * @param args its arguments, a JSON array (the mutator's argument is the first)
 */
public record Mutation(String type, long id, String clientID, String name, JsonNode args) {

	/** The name of Zero's internal mutation that deletes acknowledged results. */
	public static final String CLEANUP_RESULTS = "_zero_cleanupResults";

	/** The mutator's argument: the first of {@link #args}, or a JSON {@code null}. */
	public JsonNode argument() {
		return this.args.path(0);
	}

	boolean isCleanup() {
		return "custom".equals(this.type) && CLEANUP_RESULTS.equals(this.name);
	}

}
