package dev.zero.debezium;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.TableName;

/**
 * Reads from the upstream's catalog what Debezium's encoding needs and pgoutput's rows do not
 * carry: each column's type modifier and nullability, and the table's primary key. A table is
 * read once, when its first change is published, and again after a schema change or a reset
 * ({@link #forget()}). The catalog is read as it is now, which may be newer than the change
 * being published, as with Debezium, which also refreshes a table's schema from the catalog.
 */
public final class TableCatalog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TableCatalog.class);

	private static final String COLUMNS = """
			SELECT a.attname,
			       bt.oid AS type_oid,
			       CASE WHEN btn.nspname = 'pg_catalog' THEN bt.typname ELSE btn.nspname || '.' || bt.typname END
			         AS type_name,
			       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS type_modifier,
			       a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS not_null,
			       t.typtype = 'e' AS enum_type,
			       array_position(pk.conkey, a.attnum) AS primary_key,
			       array_position(ri.indkey::int2[], a.attnum) AS identity_key
			FROM pg_catalog.pg_attribute a
			JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
			JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
			JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
			JOIN pg_catalog.pg_namespace btn ON btn.oid = bt.typnamespace
			LEFT JOIN pg_catalog.pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
			LEFT JOIN pg_catalog.pg_index ri ON ri.indrelid = c.oid AND ri.indisreplident
			WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
			ORDER BY a.attnum
			""";

	private final ConnectionSource connections;

	private final Map<TableName, TableTypes> tables = new ConcurrentHashMap<>();

	private @Nullable Connection connection;

	public TableCatalog(ConnectionSource connections) {
		this.connections = connections;
	}

	/**
	 * What the catalog declares about {@code table}; {@link TableTypes#unknown} when it cannot
	 * be read (the table is gone, the upstream unreachable), so that publishing goes on with
	 * what the rows themselves say.
	 */
	public TableTypes describe(TableName table) {
		TableTypes types = this.tables.get(table);
		if (types == null) {
			types = read(table);
			if (types.isKnown()) {
				this.tables.put(table, types);
			}
		}
		return types;
	}

	/** Forgets what was read, after a schema change or a reset. */
	public void forget() {
		this.tables.clear();
	}

	private synchronized TableTypes read(TableName table) {
		try {
			Connection current = this.connection;
			if (current == null || current.isClosed()) {
				current = this.connections.connect();
				this.connection = current;
			}
			List<DeclaredColumn> columns = new ArrayList<>();
			Map<Integer, String> primaryKey = new TreeMap<>();
			Map<Integer, String> identityKey = new TreeMap<>();
			try (PreparedStatement statement = current.prepareStatement(COLUMNS)) {
				statement.setString(1, table.schema());
				statement.setString(2, table.name());
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						String name = result.getString("attname");
						columns.add(new DeclaredColumn(name, (int) result.getLong("type_oid"),
								result.getString("type_name"), result.getInt("type_modifier"), result.getBoolean("not_null"),
								result.getBoolean("enum_type")));
						int primaryKeyPosition = result.getInt("primary_key");
						if (!result.wasNull()) {
							primaryKey.put(primaryKeyPosition, name);
						}
						int identityKeyPosition = result.getInt("identity_key");
						if (!result.wasNull()) {
							identityKey.put(identityKeyPosition, name);
						}
					}
				}
			}
			// key columns in the order of the constraint or index, as Debezium orders them
			return new TableTypes(table, columns,
					List.copyOf(primaryKey.isEmpty() ? identityKey.values() : primaryKey.values()));
		}
		catch (SQLException ex) {
			logger.warn("Could not read the columns of {} from the upstream's catalog ({}); its records are encoded "
					+ "with what the rows say: numerics without declared scale, timestamps in microseconds", table,
					ex.getMessage());
			close();
			return TableTypes.unknown(table);
		}
	}

	@Override
	public synchronized void close() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				// closing a connection that failed
			}
		}
	}

	/** Opens a connection to the upstream. */
	@FunctionalInterface
	public interface ConnectionSource {

		Connection connect() throws SQLException;

	}

}
