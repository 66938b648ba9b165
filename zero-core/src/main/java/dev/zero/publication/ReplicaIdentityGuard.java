package dev.zero.publication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.sql.Identifiers;

/**
 * Finds tables that would break the application's UPDATE and DELETE statements once
 * published (no primary key and default replica identity, or {@code REPLICA IDENTITY
 * NOTHING}), and, when asked to, gives them the best replica identity available. What a table
 * has is {@link TableModel}'s to say.
 */
final class ReplicaIdentityGuard {

	/** The tables (not partitions) of {@code schemas}. */
	List<TableModel> tablesIn(Connection connection, List<String> schemas) throws SQLException {
		return TableModels.inSchemas(connection, schemas);
	}

	/** The tables that {@code publications} publish. */
	List<TableModel> tablesOf(Connection connection, List<String> publications) throws SQLException {
		return TableModels.ofPublications(connection, publications);
	}

	/**
	 * Applies the best replica identity to {@code table}; returns the statement it ran.
	 */
	String fix(Connection connection, TableModel table) throws SQLException {
		String fix = fix(table);
		try (Statement statement = connection.createStatement()) {
			statement.execute(fix);
		}
		return fix;
	}

	/** The statement the {@code auto} policy applies: the suitable index, else FULL. */
	static String fix(TableModel table) {
		String index = table.suitableIndex();
		return "ALTER TABLE " + table.qualifiedName() + " REPLICA IDENTITY "
				+ ((index != null) ? "USING INDEX " + Identifiers.quote(index) : "FULL");
	}

	/** The choices a user has, as statements. */
	static String choices(TableModel table) {
		String name = table.qualifiedName();
		StringBuilder choices = new StringBuilder("ALTER TABLE " + name + " ADD PRIMARY KEY (...);");
		String index = table.suitableIndex();
		if (index != null) {
			choices.append(" or ALTER TABLE ")
				.append(name)
				.append(" REPLICA IDENTITY USING INDEX ")
				.append(Identifiers.quote(index))
				.append(";");
		}
		choices.append(" or ALTER TABLE ").append(name).append(" REPLICA IDENTITY FULL;");
		return choices.toString();
	}

}
