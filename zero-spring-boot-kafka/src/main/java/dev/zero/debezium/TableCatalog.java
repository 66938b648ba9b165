package dev.zero.debezium;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.change.TableName;

/**
 * What Debezium's encoding needs of a table and pgoutput's rows do not carry, from the
 * upstream's catalog ({@link TableModels}): whether each column is {@code NOT NULL} and whether
 * its type is an enum, a domain's type modifier (pgoutput sends none for a column of a domain),
 * every column of the table (for old rows that hold only the key) and its primary key. Other
 * type modifiers come with the rows ({@link dev.zero.change.Column#typeModifier()}). A table is
 * read once, when its first change is published, and again after a schema change or a reset
 * ({@link #forget()}). The catalog is read as it is now, which may be newer than the change
 * being published, as with Debezium, which also refreshes a table's schema from the catalog.
 */
public final class TableCatalog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TableCatalog.class);

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
			Optional<TableModel> model = TableModels.read(current, table);
			if (model.isEmpty()) {
				return TableTypes.unknown(table);
			}
			List<DeclaredColumn> columns = model.get()
				.columns()
				.stream()
				.map((column) -> new DeclaredColumn(column.name(), column.typeOid(), column.typeName(),
						column.declaredModifier(), column.notNull(), column.enumType()))
				.toList();
			// the primary key, else the replica identity index, in their order, as Debezium keys records
			return new TableTypes(table, columns,
					model.get().hasPrimaryKey() ? model.get().primaryKey() : model.get().identityIndex());
		}
		catch (SQLException ex) {
			logger.warn("Could not read the columns of {} from the upstream's catalog ({}); its records are encoded "
					+ "with what the rows say: keyed by the replica identity, without enum columns, domains without "
					+ "their declared scale or precision", table, ex.getMessage());
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
