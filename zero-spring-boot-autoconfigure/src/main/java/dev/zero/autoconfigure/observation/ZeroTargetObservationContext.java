package dev.zero.autoconfigure.observation;

import io.micrometer.observation.Observation;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * What a {@code zero.target} observation knows: the shard, the target, how its transaction
 * ended and the position it committed; the exception that failed it, if one did, is the
 * context's {@link #getError() error}.
 */
public class ZeroTargetObservationContext extends Observation.Context {

	private final String appId;

	private final String target;

	private Outcome outcome = Outcome.COMMIT;

	private @Nullable Lsn position;

	/**
	 * @param appId the shard's application id
	 * @param target the target's name
	 */
	public ZeroTargetObservationContext(String appId, String target) {
		this.appId = appId;
		this.target = target;
	}

	/** The shard's application id. */
	public String getAppId() {
		return this.appId;
	}

	/** The target's name. */
	public String getTarget() {
		return this.target;
	}

	/** How the transaction ended, or was meant to. */
	public Outcome getOutcome() {
		return this.outcome;
	}

	void setOutcome(Outcome outcome) {
		this.outcome = outcome;
	}

	/** The source position the transaction committed, or {@code null} when it did not commit. */
	public @Nullable Lsn getPosition() {
		return this.position;
	}

	void setPosition(Lsn position) {
		this.position = position;
	}

	/** How a target's transaction ended. */
	public enum Outcome {

		/** It was committed (or its commit was tried and failed: see the error). */
		COMMIT,

		/** It was rolled back, or could not begin. */
		ROLLBACK;

		/** The lower-case name, as the key value gives it. */
		public String id() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
