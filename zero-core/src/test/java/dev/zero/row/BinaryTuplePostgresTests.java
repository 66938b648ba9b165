package dev.zero.row;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import dev.zero.change.Column;
import dev.zero.change.ColumnValueException;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rows of binary {@code COPY} read exactly as rows of the same values' text: every getter of
 * every column gives the same value or the same failure, and the text is PostgreSQL's, for
 * every type with a binary decoder, edge values and NULLs included, on a real server.
 */
class BinaryTuplePostgresTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static TestDatabase database;

	@BeforeAll
	static void createTable() {
		database = postgres.database();
		BinaryTypesTable.create(database);
	}

	@Test
	void everyGetterReadsBinaryAsTextInAUtcSession() throws SQLException {
		try (Connection connection = database.connect()) {
			RowLayout layout = layout(connection, "binary_types");
			assertThat(layout.readsBinary(new OutputSettings("UTC", "hex"))).isTrue();
			setUtc(connection);
			Map<Integer, Row> text = textRows(connection, layout, "SELECT * FROM binary_types");
			Map<Integer, Row> binary = binaryRows(connection, layout, "SELECT * FROM binary_types");
			assertThat(binary).hasSize(BinaryTypesTable.ROWS_COUNT).containsOnlyKeys(text.keySet());
			for (Map.Entry<Integer, Row> row : text.entrySet()) {
				Row read = binary.get(row.getKey());
				assertThat(RowReadings.differences(read, row.getValue())).as("row %d", row.getKey()).isEmpty();
				assertThat(read).isEqualTo(row.getValue()).hasSameHashCodeAs(row.getValue());
				assertThat(read).hasToString(row.getValue().toString());
			}
		}
	}

	@Test
	void readsBinaryOnlyWhereTheTextDoesNotDependOnTheJvmsTimeZoneData() {
		RowLayout withTimestamptz = layout("c_timestamptz", 1184, "timestamptz");
		assertThat(withTimestamptz.readsBinary(new OutputSettings("UTC", "hex"))).isTrue();
		assertThat(withTimestamptz.readsBinary(new OutputSettings("Etc/UTC", "hex"))).isTrue();
		assertThat(withTimestamptz.readsBinary(new OutputSettings("GMT", "hex"))).isTrue();
		assertThat(withTimestamptz.readsBinary(new OutputSettings("Asia/Kolkata", "hex"))).isFalse();
		assertThat(withTimestamptz.readsBinary(new OutputSettings("Europe/London", "hex"))).isFalse();
		assertThat(withTimestamptz.readsBinary(new OutputSettings("<+00>0", "hex"))).isFalse();
		RowLayout withBytea = layout("c_bytea", 17, "bytea");
		assertThat(withBytea.readsBinary(new OutputSettings("Asia/Kolkata", "hex"))).isTrue();
		assertThat(withBytea.readsBinary(new OutputSettings("UTC", "escape"))).isFalse();
		assertThat(layout("c_float", 701, "float8").readsBinary(new OutputSettings("UTC", "hex"))).isFalse();
		assertThat(layout("c_array", 1007, "_int4").readsBinary(new OutputSettings("UTC", "hex"))).isFalse();
		assertThat(layout("c_enum", 99999, "public.mood").readsBinary(new OutputSettings("UTC", "hex"))).isFalse();
	}

	@Test
	void refusesBytesThatAreNoTupleOfTheLayout() {
		RowLayout layout = layout("c_int4", 23, "int4");
		assertThatIllegalArgumentException().isThrownBy(() -> layout.binaryRow(new byte[] { 0, 2 }, 0))
			.withMessage("binary COPY row has 2 columns, expected 1");
		assertThatIllegalArgumentException().isThrownBy(() -> layout.binaryRow(new byte[] { 0, 1, 0, 0, 0, 9, 1 }, 0))
			.withMessage("binary COPY row: column 1 of 9 bytes does not fit in the 1 left");
		Row shortValue = layout.binaryRow(new byte[] { 0, 1, 0, 0, 0, 2, 1, 2 }, 0);
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> shortValue.getInt("c_int4"))
			.withMessageContaining("expected 4 bytes, not 2");
	}

	/** The layout the initial sync gives a table: its columns as the shard's schema describes them. */
	static RowLayout layout(Connection connection, String table) throws SQLException {
		List<Column> columns = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("""
						SELECT a.attname, a.atttypid::int, CASE WHEN n.nspname = 'pg_catalog' THEN t.typname
						                                    ELSE n.nspname || '.' || t.typname END
						  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace n ON n.oid = t.typnamespace
						 WHERE a.attrelid = '%s'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
						""".formatted(table))) {
			while (rows.next()) {
				columns.add(new Column(rows.getString(1), rows.getInt(2), rows.getString(3), columns.isEmpty()));
			}
		}
		return RowLayout.of(new TableName("public", table), columns);
	}

	private static RowLayout layout(String name, int oid, String typeName) {
		return RowLayout.of(new TableName("public", "t"), List.of(new Column(name, oid, typeName, false)));
	}

	static void setUtc(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET TimeZone = 'UTC'");
		}
	}

	/** Rows of the query's text, as JDBC reads it, by their first column. */
	static Map<Integer, Row> textRows(Connection connection, RowLayout layout, String query) throws SQLException {
		Map<Integer, Row> rows = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
			int width = result.getMetaData().getColumnCount();
			while (result.next()) {
				String[] texts = new String[width];
				for (int i = 0; i < width; i++) {
					texts[i] = result.getString(i + 1);
				}
				rows.put(result.getInt(1), layout.row(TextValues.of(texts)));
			}
		}
		return rows;
	}

	/** Rows of the query's binary COPY, by their first column. */
	static Map<Integer, Row> binaryRows(Connection connection, RowLayout layout, String query) throws SQLException {
		Map<Integer, Row> rows = new LinkedHashMap<>();
		CopyOut copy = connection.unwrap(PGConnection.class)
			.getCopyAPI()
			.copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)");
		byte[] message;
		boolean first = true;
		while ((message = copy.readFromCopy()) != null) {
			// the header (signature, flags, no extension) comes before the first row
			int offset = first ? 19 : 0;
			first = false;
			if (message.length - offset <= 2) {
				continue;
			}
			Row row = layout.binaryRow(message, offset);
			rows.put(row.getInt(layout.columns().get(0).name()), row);
		}
		return rows;
	}

}
