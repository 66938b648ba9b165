package dev.zero.row;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinTypesTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void namesTheTypesOfTheCatalogAndTheElementsOfTheirArrays() throws SQLException {
		String sql = """
				SELECT oid::int, typname, typelem::int, typcategory = 'A' AND typname LIKE '\\_%' AS is_array
				FROM pg_type
				WHERE oid < 10000 AND typnamespace = 'pg_catalog'::regnamespace AND typtype IN ('b', 'r', 'm')
				  AND typcategory NOT IN ('P', 'Z') AND typname NOT IN ('cstring', '_cstring', 'gtsvector', '_gtsvector')
				  AND typname NOT LIKE '\\_pg\\_%'
				""";
		SoftAssertions softly = new SoftAssertions();
		int count = 0;
		try (Connection connection = postgres.database().connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				int oid = rows.getInt(1);
				String name = rows.getString(2);
				softly.assertThat(BuiltinTypes.name(oid)).as("name of %d", oid).isEqualTo(name);
				softly.assertThat(BuiltinTypes.oid(name)).as("oid of %s", name).isEqualTo(oid);
				softly.assertThat(BuiltinTypes.elementType(oid))
					.as("element of %s", name)
					.isEqualTo(rows.getBoolean(4) ? rows.getInt(3) : 0);
				count++;
			}
		}
		softly.assertAll();
		assertThat(count).isGreaterThan(140);
		assertThat(BuiltinTypes.name(18)).isEqualTo("char");
		assertThat(BuiltinTypes.name(16384)).isNull();
		assertThat(BuiltinTypes.oid("mood")).isZero();
	}

}
