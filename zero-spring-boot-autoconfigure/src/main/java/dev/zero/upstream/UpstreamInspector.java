package dev.zero.upstream;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the facts the checks need from an open connection to the upstream, in as few round
 * trips as it can. It only reads: whatever it tries out is rolled back.
 */
public final class UpstreamInspector {

	public UpstreamFacts inspect(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("""
						SELECT current_setting('server_version_num')::int,
						       current_setting('server_version'),
						       coalesce(current_setting('effective_wal_level', true), current_setting('wal_level'))
						""")) {
			row.next();
			return new UpstreamFacts(row.getInt(1), row.getString(2), row.getString(3));
		}
	}

}
