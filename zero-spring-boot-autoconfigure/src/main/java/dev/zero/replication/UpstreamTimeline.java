package dev.zero.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a position belongs: the upstream cluster (its system identifier, which a promoted
 * standby shares with its primary) and the timeline (which a promotion increments). An LSN is
 * only comparable with another of the same timeline, or of an ancestor up to the point where
 * the history switched away from it ({@link TimelineHistory}).
 *
 * @param systemIdentifier the cluster's system identifier, as {@code IDENTIFY_SYSTEM} says
 * @param timeline the server's current timeline
 */
public record UpstreamTimeline(String systemIdentifier, int timeline) {

	/** Asks the server on a replication connection ({@code IDENTIFY_SYSTEM}). */
	public static UpstreamTimeline identify(Connection replication) throws SQLException {
		try (Statement statement = replication.createStatement();
				ResultSet row = statement.executeQuery("IDENTIFY_SYSTEM")) {
			if (!row.next()) {
				throw new SQLException("IDENTIFY_SYSTEM returned no row", "XX000");
			}
			return new UpstreamTimeline(row.getString("systemid"), row.getInt("timeline"));
		}
	}

	/** Whether positions of {@code other} belong to the same cluster (they may be compared). */
	public boolean sameSystem(UpstreamTimeline other) {
		return this.systemIdentifier.equals(other.systemIdentifier);
	}

	@Override
	public String toString() {
		return "timeline " + this.timeline + " of system " + this.systemIdentifier;
	}

}
