package dev.zero.autoconfigure.observation;

import io.micrometer.observation.Observation;

import dev.zero.change.Change;

/**
 * What a {@code zero.listener} observation knows: the shard, the listener and the change it
 * receives; the listener's exception, if it threw, is the context's {@link #getError() error}.
 */
public class ZeroListenerObservationContext extends Observation.Context {

	private final String appId;

	private final String listener;

	private final Change change;

	/**
	 * @param appId the shard's application id
	 * @param listener the listener's name (see {@link ZeroObservation.ListenerLowCardinalityKeys#LISTENER})
	 * @param change the change delivered
	 */
	public ZeroListenerObservationContext(String appId, String listener, Change change) {
		this.appId = appId;
		this.listener = listener;
		this.change = change;
	}

	/** The shard's application id. */
	public String getAppId() {
		return this.appId;
	}

	/** The listener's name. */
	public String getListener() {
		return this.listener;
	}

	/** The change delivered. */
	public Change getChange() {
		return this.change;
	}

}
