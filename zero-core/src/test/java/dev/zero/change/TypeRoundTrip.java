package dev.zero.change;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import org.assertj.core.api.SoftAssertions;

import dev.zero.embedded.junit.TestDatabase;
import dev.zero.pgoutput.LogicalSlot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends values of every supported type through insert, update and delete on a real server and
 * checks that what the decoder and {@link Row} make of pgoutput's bytes is what a JDBC
 * {@code SELECT} of the same row returns: the same text, and the same value as pgjdbc decodes it.
 */
final class TypeRoundTrip {

	private static final String SCHEMA = """
			CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
			CREATE DOMAIN positive AS int CHECK (VALUE > 0);
			CREATE TABLE source (
				id int PRIMARY KEY, c_bool boolean, c_int2 smallint, c_int4 integer, c_int8 bigint, c_oid oid,
				c_numeric numeric, c_float4 real, c_float8 double precision, c_text text, c_varchar varchar(20),
				c_char char(5), c_bytea bytea, c_uuid uuid, c_date date, c_time time, c_timetz timetz,
				c_timestamp timestamp, c_timestamptz timestamptz, c_interval interval, c_json json, c_jsonb jsonb,
				c_inet inet, c_mood mood, c_positive positive, a_int4 int[], a_int2d int[][], a_text text[],
				a_bytea bytea[], a_numeric numeric[], a_float8 float8[], a_bool bool[], a_uuid uuid[],
				a_date date[], a_timestamptz timestamptz[], a_jsonb jsonb[], a_mood mood[]);
			CREATE TABLE everything (LIKE source INCLUDING ALL);
			ALTER TABLE everything REPLICA IDENTITY FULL;
			CREATE PUBLICATION everything_pub FOR TABLE everything;
			""";

	private static final List<String> ROWS = List.of("""
			(1, true, 12, 34, 56, 78, '12.50', '1.5', '2.25', 'hello', 'world', 'ab', '\\x00ff00',
			'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-02-29', '13:45:00.123456', '13:45:00.5+05:30',
			'2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+00', '1 year 2 mons 3 days 04:05:06.5',
			'{"a": [1, 2]}', '{"name": "Zoë 🎉", "n": 1}', '192.168.0.1/24', 'happy', 7, '{1,2,NULL}',
			'{{1,2},{3,4}}', '{"a\\"b","c\\\\d","e,f","{g}",NULL,"NULL",""," sp "}',
			ARRAY['\\x00'::bytea, '\\x'::bytea, NULL, '\\x5c22'::bytea],
			'{1.5,NaN,NULL,1234567890123456789012345678901234567890.5}', '{1.5,Infinity,-Infinity,NaN,NULL}',
			'{t,f,NULL}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}', '{2024-01-01,NULL}',
			'{"2024-01-02 03:04:05+00",NULL}', ARRAY['{"é": "\\"q\\""}'::jsonb, NULL], '{sad,happy}')
			""", """
			(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL)
			""", """
			(3, false, -32768, -2147483648, 9223372036854775807, 4294967295,
			'1234567890123456789012345678901234567890.0123456789', 'NaN', '-Infinity', '', '', '',
			'\\x', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0044-03-15 BC', '24:00:00', '00:00:00-03',
			'0044-03-15 12:00:00 BC', '1900-01-01 00:00:00+00', '-1 years -00:00:01', '"str"', '[]', '::1', 'sad',
			1, '{}', '{{NULL,1}}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')
			""", """
			(4, true, 0, 0, -1, 0, 'Infinity', 'NaN', '-0', E'line1\\nline2 \\\\ '' " 😀 \\t', 'ünïcödé', 'x',
			'\\x000102fffe', '00000000-0000-0000-0000-000000000000', 'infinity', '00:00:00', '23:59:59.999999-15:59',
			'-infinity', 'infinity', '00:00:00', 'null', '{"k": "\\u00e9\\n", "a": [{}, []]}', '10.0.0.1', 'ok',
			2147483647, '{-2147483648}', '{{1},{2}}', '{"\\\\","\\"","ü","{}",","}', ARRAY['\\x'::bytea],
			'{-Infinity}', '{-0,1e-300}', '{f}', '{}', '{"0044-03-15 BC"}', '{"1900-01-01 00:00:00+00"}',
			ARRAY['null'::jsonb], '{ok}')
			""", """
			(5, false, 1, 1, 1, 1, '-0.00000000000000000000000000000000000000000001', '3.4028235e+38', '1e-300',
			'tab\tand\\backslash', 'z', 'abcde', '\\x5c78', '123e4567-e89b-12d3-a456-426614174000', '1999-12-31',
			'00:00:00.000001', '12:00:00+00:19:32', '1999-12-31 23:59:59.999999',
			'2024-07-01 12:00:00.000001+05:45', '1 day', '[1, 2.5, "x"]', '{}', '2001:db8::/32', 'happy',
			42, '{0}', '{{NULL}}', '{NULL}', ARRAY[NULL::bytea], '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}',
			'{NULL}', '{NULL}', '{NULL}')
			""");

	private static final String UPDATE = """
			UPDATE everything e SET (%1$s) = (SELECT %1$s FROM source s WHERE s.id = e.id %% 5 + 1)
			""";

	private static final List<Spec> SPECS = List.of(new Spec("id", Reader.INT, Row::getInt),
			new Spec("c_bool", Reader.BOOL, Row::getBoolean), new Spec("c_int2", Reader.SHORT, Row::getShort),
			new Spec("c_int4", Reader.INT, Row::getInt), new Spec("c_int8", Reader.LONG, Row::getLong),
			new Spec("c_oid", Reader.LONG, Row::getLong), new Spec("c_numeric", Reader.NUMERIC, TypeRoundTrip::numeric),
			new Spec("c_float4", Reader.FLOAT4, Row::getFloat), new Spec("c_float8", Reader.FLOAT8, Row::getDouble),
			new Spec("c_text", Reader.STRING, Row::getString), new Spec("c_varchar", Reader.STRING, Row::getString),
			new Spec("c_char", Reader.STRING, Row::getString), new Spec("c_bytea", Reader.BYTES, Row::getBytes),
			new Spec("c_uuid", Reader.UUID, Row::getUuid), new Spec("c_date", Reader.DATE, Row::getLocalDate),
			new Spec("c_time", Reader.TIME, Row::getLocalTime), new Spec("c_timetz", Reader.TIMETZ, Row::getOffsetTime),
			new Spec("c_timestamp", Reader.TIMESTAMP, Row::getLocalDateTime),
			new Spec("c_timestamptz", Reader.TIMESTAMPTZ, Row::getOffsetDateTime),
			new Spec("c_interval", Reader.STRING, Row::getString), new Spec("c_json", Reader.STRING, Row::getJson),
			new Spec("c_jsonb", Reader.STRING, Row::getJson), new Spec("c_inet", Reader.STRING, Row::getString),
			new Spec("c_mood", Reader.STRING, Row::getString), new Spec("c_positive", Reader.INT, Row::getInt),
			Spec.array("a_int4", Reader.INT), Spec.array("a_int2d", null), Spec.array("a_text", Reader.STRING),
			Spec.array("a_bytea", Reader.BYTES), Spec.array("a_numeric", Reader.NUMERIC),
			Spec.array("a_float8", Reader.FLOAT8), Spec.array("a_bool", Reader.BOOL), Spec.array("a_uuid", Reader.UUID),
			Spec.array("a_date", Reader.DATE), Spec.array("a_timestamptz", Reader.TIMESTAMPTZ),
			Spec.array("a_jsonb", Reader.STRING), Spec.array("a_mood", Reader.STRING));

	private TypeRoundTrip() {
	}

	/**
	 * Inserts, updates and deletes rows of every type and compares each decoded row with JDBC,
	 * reading the slot once for every time zone (pgoutput prints {@code timestamptz} in the
	 * TimeZone of the session that runs it).
	 */
	static void run(TestDatabase db, String slotName, List<String> timeZones) throws SQLException {
		db.execute(SCHEMA.split(";\n"));
		db.execute("INSERT INTO source VALUES " + String.join(", ", ROWS));
		String columns = String.join(", ", SPECS.stream().skip(1).map(Spec::column).toList());
		try (LogicalSlot slot = LogicalSlot.create(db, slotName, "everything_pub")) {
			db.execute("INSERT INTO everything SELECT * FROM source");
			Snapshot inserted = Snapshot.take(db, timeZones);
			db.execute(UPDATE.formatted(columns));
			Snapshot updated = Snapshot.take(db, timeZones);
			db.execute("DELETE FROM everything");
			SoftAssertions softly = new SoftAssertions();
			for (String timeZone : timeZones) {
				List<Change> changes = new ChangeStream().decode(slot.peek(timeZone), Change.class);
				assertThat(changes).extracting(Change::op)
					.containsExactly(repeat(Change.Op.INSERT, 5, Change.Op.UPDATE, 5, Change.Op.DELETE, 5));
				for (Change change : changes) {
					if (change instanceof Insert insert) {
						compare(softly, timeZone, "insert", insert.row(), inserted);
					}
					else if (change instanceof Update update) {
						compare(softly, timeZone, "update old", update.old(), inserted);
						compare(softly, timeZone, "update new", update.row(), updated);
					}
					else if (change instanceof Delete delete) {
						compare(softly, timeZone, "delete old", delete.old(), updated);
					}
				}
			}
			softly.assertAll();
		}
	}

	private static void compare(SoftAssertions softly, String timeZone, String what, Row row, Snapshot snapshot) {
		int id = row.getInt("id");
		assertThat(row.columns()).extracting(Column::name).containsExactlyElementsOf(SPECS.stream().map(Spec::column).toList());
		assertThat(row.column("c_mood").typeName()).isEqualTo("public.mood");
		assertThat(row.column("c_positive").typeName()).isEqualTo("int4");
		for (Spec spec : SPECS) {
			String description = what + " of row " + id + ", column " + spec.column() + ", TimeZone " + timeZone;
			softly.assertThat(row.getString(spec.column()))
				.as(description + ": text")
				.isEqualTo(snapshot.texts.get(timeZone).get(id).get(spec.column()));
			Object expected = normalize(snapshot.values.get(id).get(spec.column()));
			softly.assertThat(normalize(row.getObject(spec.column()))).as(description + ": getObject").isEqualTo(expected);
			softly.assertThat(normalize(spec.getter().apply(row, spec.column())))
				.as(description + ": typed getter")
				.isEqualTo(expected);
			softly.assertThat(row.isNull(spec.column())).as(description + ": isNull").isEqualTo(expected == null);
		}
	}

	private static Object numeric(Row row, String column) {
		return (row.getObject(column) instanceof Double) ? row.getDouble(column) : row.getBigDecimal(column);
	}

	/** Makes values comparable across pgjdbc's representation and ours. */
	private static Object normalize(Object value) {
		if (value instanceof byte[] bytes) {
			return "bytes " + HexFormat.of().formatHex(bytes);
		}
		if (value instanceof OffsetDateTime dateTime) {
			return (dateTime.equals(OffsetDateTime.MAX) || dateTime.equals(OffsetDateTime.MIN)) ? dateTime
					: dateTime.toInstant();
		}
		if (value instanceof OffsetTime time) {
			return time.withOffsetSameInstant(ZoneOffset.UTC);
		}
		if (value instanceof List<?> list) {
			List<Object> normalized = new ArrayList<>();
			list.forEach((element) -> normalized.add(normalize(element)));
			return normalized;
		}
		if (value instanceof Object[] array) {
			return normalize(java.util.Arrays.asList(array));
		}
		return value;
	}

	private static Change.Op[] repeat(Object... opsAndCounts) {
		List<Change.Op> ops = new ArrayList<>();
		for (int i = 0; i < opsAndCounts.length; i += 2) {
			for (int n = 0; n < (Integer) opsAndCounts[i + 1]; n++) {
				ops.add((Change.Op) opsAndCounts[i]);
			}
		}
		return ops.toArray(new Change.Op[0]);
	}

	/**
	 * A column, how pgjdbc reads its (element) values, and the typed getter that reads it.
	 */
	private record Spec(String column, Reader reader, BiFunction<Row, String, Object> getter, boolean array) {

		Spec(String column, Reader reader, BiFunction<Row, String, Object> getter) {
			this(column, reader, getter, false);
		}

		static Spec array(String column, Reader elementReader) {
			return new Spec(column, elementReader, Row::getList, true);
		}

	}

	/** How pgjdbc turns a value of each type into its natural Java value. */
	private enum Reader {

		BOOL, SHORT, INT, LONG, NUMERIC, FLOAT4, FLOAT8, STRING, BYTES, UUID, DATE, TIME, TIMETZ, TIMESTAMP,
		TIMESTAMPTZ;

		Object read(ResultSet rows, int column) throws SQLException {
			if (rows.getObject(column) == null) {
				return null;
			}
			return switch (this) {
				case BOOL -> rows.getBoolean(column);
				case SHORT -> rows.getShort(column);
				case INT -> rows.getInt(column);
				case LONG -> rows.getLong(column);
				// pgjdbc gives Double for NaN and the infinities, as Row does
				case NUMERIC -> rows.getObject(column);
				case FLOAT4 -> rows.getFloat(column);
				case FLOAT8 -> rows.getDouble(column);
				case STRING -> rows.getString(column);
				case BYTES -> rows.getBytes(column);
				case UUID -> rows.getObject(column, java.util.UUID.class);
				case DATE -> rows.getObject(column, LocalDate.class);
				case TIME -> rows.getObject(column, LocalTime.class);
				case TIMETZ -> rows.getObject(column, OffsetTime.class);
				case TIMESTAMP -> rows.getObject(column, LocalDateTime.class);
				case TIMESTAMPTZ -> rows.getObject(column, OffsetDateTime.class);
			};
		}

	}

	/** What JDBC returns for every row of {@code everything} at one moment. */
	private static final class Snapshot {

		/** By time zone, id and column: the text of each value. */
		private final Map<String, Map<Integer, Map<String, String>>> texts = new HashMap<>();

		/** By id and column: the value as pgjdbc decodes it. */
		private final Map<Integer, Map<String, Object>> values = new HashMap<>();

		static Snapshot take(TestDatabase db, List<String> timeZones) throws SQLException {
			Snapshot snapshot = new Snapshot();
			try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
				for (String timeZone : timeZones) {
					statement.execute("SET TimeZone = '" + timeZone + "'");
					Map<Integer, Map<String, String>> texts = new HashMap<>();
					try (ResultSet rows = statement.executeQuery("SELECT * FROM everything ORDER BY id")) {
						while (rows.next()) {
							Map<String, String> row = new LinkedHashMap<>();
							for (int i = 0; i < SPECS.size(); i++) {
								row.put(SPECS.get(i).column(), rows.getString(i + 1));
							}
							texts.put(rows.getInt(1), row);
						}
					}
					snapshot.texts.put(timeZone, texts);
				}
				try (ResultSet rows = statement.executeQuery("SELECT * FROM everything ORDER BY id")) {
					while (rows.next()) {
						Map<String, Object> row = new HashMap<>();
						for (int i = 0; i < SPECS.size(); i++) {
							Spec spec = SPECS.get(i);
							row.put(spec.column(), spec.array() ? arrayValue(rows, i + 1, spec) : spec.reader().read(rows, i + 1));
						}
						snapshot.values.put(rows.getInt(1), row);
					}
				}
				for (Map.Entry<Integer, Map<String, Object>> row : snapshot.values.entrySet()) {
					for (Spec spec : SPECS) {
						if (spec.array() && spec.reader() != null && row.getValue().get(spec.column()) != null) {
							row.getValue().put(spec.column(), elements(connection, spec, row.getKey()));
						}
					}
				}
			}
			return snapshot;
		}

		// pgjdbc's own array decoding for the two-dimensional column (it cannot read numeric NaN
		// elements); the others are replaced by their elements one by one
		private static Object arrayValue(ResultSet rows, int column, Spec spec) throws SQLException {
			if (spec.reader() != null) {
				return rows.getString(column);
			}
			Array array = rows.getArray(column);
			return (array != null) ? array.getArray() : null;
		}

		// each element selected on its own, so that pgjdbc decodes it with the scalar type's rules
		private static List<Object> elements(Connection connection, Spec spec, int id) throws SQLException {
			String sql = "SELECT u.e FROM everything t CROSS JOIN LATERAL unnest(t." + spec.column()
					+ ") WITH ORDINALITY AS u(e, n) WHERE t.id = ? ORDER BY u.n";
			try (PreparedStatement select = connection.prepareStatement(sql)) {
				select.setInt(1, id);
				List<Object> elements = new ArrayList<>();
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						elements.add(spec.reader().read(rows, 1));
					}
				}
				return elements;
			}
		}

	}

}
