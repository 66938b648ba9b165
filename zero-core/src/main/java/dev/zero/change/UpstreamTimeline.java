package dev.zero.change;

/**
 * Where a position belongs: the upstream cluster (its system identifier, which a promoted
 * standby shares with its primary) and the timeline (which a promotion increments). An LSN is
 * only comparable with another of the same timeline, or of an ancestor up to the point where
 * the history switched away from it (the server's timeline history).
 *
 * Read with {@code IDENTIFY_SYSTEM} on the replication connection at each session's start.
 *
 * @param systemIdentifier the cluster's system identifier, as {@code IDENTIFY_SYSTEM} says
 * @param timeline the server's current timeline
 */
public record UpstreamTimeline(String systemIdentifier, int timeline) {

	/** Whether positions of {@code other} belong to the same cluster (they may be compared). */
	public boolean sameSystem(UpstreamTimeline other) {
		return this.systemIdentifier.equals(other.systemIdentifier);
	}

	@Override
	public String toString() {
		return "timeline " + this.timeline + " of system " + this.systemIdentifier;
	}

}
