package dev.zero.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.zero.change.UpstreamTimeline;

/**
 * {@code IDENTIFY_SYSTEM} on a replication connection: which cluster and which timeline a
 * session streams from.
 */
final class IdentifySystem {

	private IdentifySystem() {
	}

	static UpstreamTimeline on(Connection replication) throws SQLException {
		try (Statement statement = replication.createStatement();
				ResultSet row = statement.executeQuery("IDENTIFY_SYSTEM")) {
			if (!row.next()) {
				throw new SQLException("IDENTIFY_SYSTEM returned no row", "XX000");
			}
			return new UpstreamTimeline(row.getString("systemid"), row.getInt("timeline"));
		}
	}

}
