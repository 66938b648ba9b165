package dev.zero.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.zero.change.TableName;

/**
 * Reads {@link TableModel}s from the catalog, with one statement whatever the tables asked
 * for: by name, every table of some schemas, or the tables some publications publish. The
 * only place in Java that asks the catalog for a table's columns, keys and replica identity;
 * it runs in the caller's connection and transaction (so in an exported snapshot, a model is
 * as of the snapshot) and changes nothing.
 */
public final class TableModels {

	/**
	 * SQL: whether the table {@code c} ({@code pg_class}) has a replica identity that UPDATE
	 * and DELETE can use once it is published ({@link TableModel#hasUsableIdentity()}), for SQL
	 * the server runs on its own (the DDL event triggers).
	 */
	public static final String USABLE_IDENTITY = "((c.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_index i"
			+ " WHERE i.indrelid = c.oid AND i.indisprimary)) OR c.relreplident IN ('f', 'i'))";

	/**
	 * SQL: the name of a unique index of the table {@code c} that can serve as its replica
	 * identity (not partial, no expressions, not deferrable, only NOT NULL columns), or NULL
	 * ({@link TableModel#suitableIndex()}).
	 */
	public static final String SUITABLE_INDEX = """
			(SELECT ic.relname
			   FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
			  WHERE i.indrelid = c.oid AND i.indisunique AND i.indimmediate AND i.indisvalid
			    AND i.indpred IS NULL AND i.indexprs IS NULL
			    AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) AS k(attnum)
			                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
			                    WHERE NOT a.attnotnull)
			  ORDER BY i.indnatts, ic.relname
			  LIMIT 1)""";

	/**
	 * The key columns (not the INCLUDE columns, as pgoutput marks them) of the table's index
	 * that {@code %s} picks, in the index's order.
	 */
	private static final String INDEX_KEY = """
			ARRAY(SELECT a.attname::text
			        FROM pg_index i
			        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
			        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
			       WHERE i.indrelid = c.oid AND %s AND k.position <= i.indnkeyatts
			       ORDER BY k.position)""";

	private static final String MODELS = """
			SELECT n.nspname, c.relname, c.relreplident,
			       coalesce(col.names, '{}'), coalesce(col.type_oids, '{}'), coalesce(col.type_names, '{}'),
			       coalesce(col.type_modifiers, '{}'), coalesce(col.domain_modifiers, '{}'),
			       coalesce(col.not_null, '{}'), coalesce(col.generated, '{}'), coalesce(col.enum_type, '{}'),
			       %s AS primary_key,
			       %s AS identity_index,
			       %s AS suitable_index,
			       pg_has_role(current_user, c.relowner, 'USAGE') AS owned
			  FROM pg_class c
			  JOIN pg_namespace n ON n.oid = c.relnamespace
			  LEFT JOIN LATERAL (
			    SELECT array_agg(a.attname::text ORDER BY a.attnum) AS names,
			           array_agg(a.atttypid::int8 ORDER BY a.attnum) AS type_oids,
			           array_agg(CASE WHEN btn.nspname = 'pg_catalog' THEN bt.typname::text
			                          ELSE btn.nspname || '.' || bt.typname END ORDER BY a.attnum) AS type_names,
			           array_agg(a.atttypmod ORDER BY a.attnum) AS type_modifiers,
			           array_agg(CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE -1 END ORDER BY a.attnum)
			             AS domain_modifiers,
			           array_agg(a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) ORDER BY a.attnum) AS not_null,
			           array_agg(a.attgenerated <> '' ORDER BY a.attnum) AS generated,
			           array_agg(t.typtype = 'e' ORDER BY a.attnum) AS enum_type
			      FROM pg_attribute a
			      JOIN pg_type t ON t.oid = a.atttypid
			      JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
			      JOIN pg_namespace btn ON btn.oid = bt.typnamespace
			     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) col ON true
			""".formatted(INDEX_KEY.formatted("i.indisprimary"),
			INDEX_KEY.formatted("i.indisreplident AND c.relreplident = 'i'"), SUITABLE_INDEX);

	private static final String ORDER = " ORDER BY n.nspname, c.relname";

	private static final String BY_NAME = MODELS
			+ " WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest(?::text[], ?::text[]))" + ORDER;

	/** Tables and partitioned tables, not their partitions: what a schema-wide publication publishes. */
	private static final String IN_SCHEMAS = MODELS
			+ " WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition" + ORDER;

	/** As {@code pg_publication_tables} lists them: partitions too, unless published through their root. */
	private static final String OF_PUBLICATIONS = MODELS + """
			 WHERE c.oid IN (SELECT format('%I.%I', schemaname, tablename)::regclass
			                   FROM pg_publication_tables WHERE pubname = ANY (?))
			""" + ORDER;

	private TableModels() {
	}

	/** The model of {@code table}, empty when there is no such table. */
	public static Optional<TableModel> read(Connection connection, TableName table) throws SQLException {
		List<TableModel> models = read(connection, List.of(table));
		return models.isEmpty() ? Optional.empty() : Optional.of(models.get(0));
	}

	/** The models of those of {@code tables} that exist, ordered by schema and name. */
	public static List<TableModel> read(Connection connection, Collection<TableName> tables) throws SQLException {
		if (tables.isEmpty()) {
			return List.of();
		}
		return query(connection, BY_NAME,
				connection.createArrayOf("text", tables.stream().map(TableName::schema).toArray()),
				connection.createArrayOf("text", tables.stream().map(TableName::name).toArray()));
	}

	/** The tables of {@code schemas} (partitioned tables, not their partitions), ordered by schema and name. */
	public static List<TableModel> inSchemas(Connection connection, List<String> schemas) throws SQLException {
		return query(connection, IN_SCHEMAS, connection.createArrayOf("text", schemas.toArray()));
	}

	/** The tables that {@code publications} publish, ordered by schema and name. */
	public static List<TableModel> ofPublications(Connection connection, List<String> publications)
			throws SQLException {
		return query(connection, OF_PUBLICATIONS, connection.createArrayOf("text", publications.toArray()));
	}

	private static List<TableModel> query(Connection connection, String sql, Array... parameters) throws SQLException {
		List<TableModel> models = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setArray(i + 1, parameters[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					models.add(model(rows));
				}
			}
		}
		return models;
	}

	private static TableModel model(ResultSet rows) throws SQLException {
		String[] names = array(rows, 4, String[].class);
		Long[] typeOids = array(rows, 5, Long[].class);
		String[] typeNames = array(rows, 6, String[].class);
		Integer[] typeModifiers = array(rows, 7, Integer[].class);
		Integer[] domainModifiers = array(rows, 8, Integer[].class);
		Boolean[] notNull = array(rows, 9, Boolean[].class);
		Boolean[] generated = array(rows, 10, Boolean[].class);
		Boolean[] enumType = array(rows, 11, Boolean[].class);
		List<TableColumn> columns = new ArrayList<>(names.length);
		for (int i = 0; i < names.length; i++) {
			columns.add(new TableColumn(names[i], typeOids[i].intValue(), typeNames[i], typeModifiers[i],
					domainModifiers[i], notNull[i], generated[i], enumType[i]));
		}
		return new TableModel(new TableName(rows.getString(1), rows.getString(2)), columns,
				List.of(array(rows, 12, String[].class)), ReplicaIdentity.of(rows.getString(3).charAt(0)),
				List.of(array(rows, 13, String[].class)), rows.getString(14), rows.getBoolean(15));
	}

	private static <T> T array(ResultSet rows, int column, Class<T> type) throws SQLException {
		return type.cast(rows.getArray(column).getArray());
	}

}
