package dev.zero.change;

import java.time.Instant;
import java.util.Objects;

/**
 * Replicated state starts over: everything a listener derived from earlier changes is stale.
 * Next come every existing row as a snapshot {@link Insert}, then {@link SyncComplete}, then
 * the changes committed after the snapshot.
 *
 * @param reason why
 * @param at when the reset began
 */
public record Reset(ResetReason reason, Instant at) {

	public Reset {
		Objects.requireNonNull(reason, "reason must not be null");
	}

}
