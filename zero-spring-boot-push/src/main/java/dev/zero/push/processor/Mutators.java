package dev.zero.push.processor;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

import dev.zero.push.MutationContext;

/**
 * The mutators a push can run, by name.
 */
public interface Mutators {

	/**
	 * The mutator of a name.
	 * @param name the name the client calls it by
	 * @return the mutator, or {@code null} when there is none
	 */
	@Nullable Mutator find(String name);

	/**
	 * One mutator.
	 */
	@FunctionalInterface
	interface Mutator {

		/**
		 * Runs the mutation inside its transaction; throwing rejects it.
		 * @param argument the mutation's argument
		 * @param context which mutation
		 */
		void run(JsonNode argument, MutationContext context) throws Exception;

	}

}
