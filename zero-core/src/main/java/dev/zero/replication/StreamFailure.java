package dev.zero.replication;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a replication session's SQL failure means, decided from the SQLSTATE and from what the
 * catalog says of the slot afterwards, never from the message text (which depends on
 * {@code lc_messages} and changes between releases).
 *
 * @param kind what happened
 * @param holder the process that holds the slot, for {@link Kind#SLOT_HELD}; 0 otherwise or
 * when it is gone already
 */
record StreamFailure(Kind kind, int holder) {

	/** What happened to a session. */
	enum Kind {

		/** Another session reads the slot (SQLSTATE 55006, object in use): stand by. */
		SLOT_HELD,

		/**
		 * The server invalidated the slot ({@code wal_status = 'lost'}, or an
		 * {@code invalidation_reason} on 17+): reset.
		 */
		SLOT_INVALIDATED,

		/** The slot does not exist (dropped by hand): the next session decides how to start over. */
		SLOT_MISSING,

		/** The role may not do what the session needs (SQLSTATE 42501): retry with backoff, say so. */
		PERMISSION_DENIED,

		/** The connection was lost or anything else went wrong: reconnect with backoff. */
		CONNECTION_LOST

	}

	private static final String OBJECT_IN_USE = "55006";

	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	/**
	 * @param sqlState the failure's SQLSTATE, or {@code null}
	 * @param slot the slot as the catalog shows it after the failure: empty when it does not
	 * exist, {@code null} when the catalog could not be read
	 */
	static StreamFailure classify(@Nullable String sqlState, @Nullable Optional<ReplicationSlot.Info> slot) {
		if (slot != null && slot.isPresent() && slot.get().invalidated()) {
			return new StreamFailure(Kind.SLOT_INVALIDATED, 0);
		}
		if (OBJECT_IN_USE.equals(sqlState)) {
			return new StreamFailure(Kind.SLOT_HELD, (slot != null) ? slot.map(ReplicationSlot.Info::activePid).orElse(0) : 0);
		}
		if (slot != null && slot.isEmpty()) {
			return new StreamFailure(Kind.SLOT_MISSING, 0);
		}
		if (INSUFFICIENT_PRIVILEGE.equals(sqlState)) {
			return new StreamFailure(Kind.PERMISSION_DENIED, 0);
		}
		return new StreamFailure(Kind.CONNECTION_LOST, 0);
	}

}
