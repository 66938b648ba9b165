package dev.zero.replication;

import java.util.Locale;

/**
 * Where the replication listener is.
 */
public enum ReplicationState {

	/** Not started: replication is switched off, or there is no listener to deliver to. */
	DISABLED,

	/** Connecting, creating or finding the slot. */
	STARTING,

	/** Copying the published tables after a reset; the stream follows. */
	SYNCING,

	/** Receiving changes and delivering them. */
	STREAMING,

	/** The connection was lost; reconnecting with backoff. */
	RECONNECTING,

	/**
	 * Nothing to deliver for the idle release's duration: every connection released so that
	 * the server may sleep; what was delivered is current as of the release. Connects again on
	 * a wake or on the wake interval.
	 */
	RELEASED,

	/** Another process holds the slot (another instance of the application); waiting to take over. */
	STANDBY,

	/** A listener failed or the slot cannot be read; retrying with backoff. */
	FAILED,

	/** A schema change needs a reset, and automatic resets are off: waiting for a manual one. */
	RESET_REQUIRED,

	/** Stopped. */
	STOPPED;

	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
