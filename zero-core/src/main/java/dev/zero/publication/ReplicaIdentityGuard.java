package dev.zero.publication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds tables that would break the application's UPDATE and DELETE statements once
 * published (no primary key and default replica identity, or {@code REPLICA IDENTITY
 * NOTHING}), and, when asked to, gives them the best replica identity available.
 */
final class ReplicaIdentityGuard {

	/**
	 * SQL: whether the table {@code c} ({@code pg_class}) has a replica identity that UPDATE
	 * and DELETE can use once it is published.
	 */
	static final String USABLE_IDENTITY = "((c.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_index i"
			+ " WHERE i.indrelid = c.oid AND i.indisprimary)) OR c.relreplident IN ('f', 'i'))";

	/**
	 * SQL: the name of a unique index of the table {@code c} that can serve as its replica
	 * identity (not partial, no expressions, not deferrable, only NOT NULL columns), or NULL.
	 */
	static final String SUITABLE_INDEX = """
			(SELECT ic.relname
			   FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
			  WHERE i.indrelid = c.oid AND i.indisunique AND i.indimmediate AND i.indisvalid
			    AND i.indpred IS NULL AND i.indexprs IS NULL
			    AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) AS k(attnum)
			                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
			                    WHERE NOT a.attnotnull)
			  ORDER BY i.indnatts, ic.relname
			  LIMIT 1)""";

	private static final String TABLES = """
			SELECT n.nspname, c.relname, c.relreplident,
			       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),
			       %s,
			       pg_has_role(current_user, c.relowner, 'USAGE')
			  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			""".formatted(SUITABLE_INDEX);

	/** The tables (not partitions) of {@code schemas}. */
	List<TableIdentity> tablesIn(Connection connection, List<String> schemas) throws SQLException {
		return query(connection, TABLES + """
				 WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
				 ORDER BY n.nspname, c.relname
				""", connection.createArrayOf("text", schemas.toArray()));
	}

	/** The tables that {@code publications} publish. */
	List<TableIdentity> tablesOf(Connection connection, List<String> publications) throws SQLException {
		return query(connection, TABLES + """
				 WHERE c.oid IN (SELECT format('%I.%I', schemaname, tablename)::regclass
				                   FROM pg_publication_tables WHERE pubname = ANY (?))
				 ORDER BY n.nspname, c.relname
				""", connection.createArrayOf("text", publications.toArray()));
	}

	/**
	 * Applies the best replica identity to {@code table}; returns the statement it ran.
	 */
	String fix(Connection connection, TableIdentity table) throws SQLException {
		String fix = table.fix();
		try (Statement statement = connection.createStatement()) {
			statement.execute(fix);
		}
		return fix;
	}

	private List<TableIdentity> query(Connection connection, String sql, java.sql.Array parameter)
			throws SQLException {
		List<TableIdentity> tables = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setArray(1, parameter);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					tables.add(new TableIdentity(rows.getString(1), rows.getString(2), rows.getString(3).charAt(0),
							rows.getBoolean(4), rows.getString(5), rows.getBoolean(6)));
				}
			}
		}
		return tables;
	}

}
