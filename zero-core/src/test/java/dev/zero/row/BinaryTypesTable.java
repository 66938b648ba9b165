package dev.zero.row;

import java.util.List;

import dev.zero.embedded.junit.TestDatabase;

/**
 * The table {@code binary_types}: a column of every type with a binary decoder, rows with edge
 * values, a row of NULLs ({@code id} 2) and 390 more with values spread over each type's range
 * ({@code id} 1 to 400).
 */
public final class BinaryTypesTable {

	public static final int ROWS_COUNT = 400;

	private static final String SCHEMA = """
			CREATE TABLE binary_types (
				id int PRIMARY KEY, c_bool bool, c_int2 int2, c_int4 int4, c_int8 int8, c_oid oid, c_xid xid,
				c_cid cid, c_numeric numeric, c_money_like numeric(12, 2), c_text text, c_varchar varchar(20),
				c_char char(5), c_name name, c_bytea bytea, c_uuid uuid, c_date date, c_time time, c_timetz timetz,
				c_timestamp timestamp, c_timestamptz timestamptz, c_json json, c_jsonb jsonb)
			""";

	/** Edge values, a row of NULLs, then values spread over each type's range. */
	private static final List<String> ROWS = List.of("""
			INSERT INTO binary_types VALUES
			(1, true, 12, 34, 56, 78, '90', '12', '12.50', '1234.5', 'hello', 'world', 'ab', 'nm', '\\x00ff00',
			 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-02-29', '13:45:00.123456', '13:45:00.5+05:30',
			 '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+00', '{"a": [1, 2]}', '{"name": "Zoë 🎉", "n": 1}'),
			(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			 NULL, NULL, NULL, NULL, NULL),
			(3, false, -32768, -2147483648, 9223372036854775807, 4294967295, '4294967295', '4294967295',
			 '1234567890123456789012345678901234567890.0123456789', '-9999999999.99', '', '', '', '', '\\x',
			 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0044-03-15 BC', '24:00:00', '00:00:00-03',
			 '0044-03-15 12:00:00 BC', '1900-01-01 00:00:00+00', '"str"', '[]'),
			(4, true, 0, 0, -9223372036854775808, 0, '0', '0', 'Infinity', '0', E'line1\\nline2 \\\\ '' " 😀 \\t',
			 'ünïcödé', 'x', 'a\tb', '\\x000102fffe', '00000000-0000-0000-0000-000000000000', 'infinity',
			 '00:00:00', '23:59:59.999999-15:59', '-infinity', 'infinity', 'null',
			 '{"k": "\\u00e9\\n", "a": [{}, []]}'),
			(5, false, 1, 1, 1, 1, '1', '1', '-0.00000000000000000000000000000000000000000001', '0.10', E'tab\\tand\\\\',
			 'z', 'abcde', repeat('n', 63), '\\x5c78', '123e4567-e89b-12d3-a456-426614174000', '-infinity',
			 '00:00:00.000001', '12:00:00+00:19:32', '1999-12-31 23:59:59.999999', '-infinity', '[1, 2.5, "x"]', '{}'),
			(6, true, 2, 2, 2, 2, '2', '2', 'NaN', '-0.01', 'x', 'y', 'z', 'n', '\\x', gen_random_uuid(),
			 '5874897-12-31', '23:59:59.999999', '24:00:00+15:59', '294276-12-31 23:59:59.999999',
			 '4713-01-01 00:00:00+00 BC', '{}', '{"a": 1.0e10}'),
			(7, true, 3, 3, 3, 3, '3', '3', '-Infinity', '100000000', 'x', 'y', 'z', 'n', '\\x', gen_random_uuid(),
			 '4713-01-01 BC', '00:00:00', '00:00:00+00', '4714-11-24 00:00:00 BC', '0001-01-01 00:00:00+00',
			 '1', '-1.5e-7'),
			(8, true, 4, 4, 4, 4, '4', '4', '0', '0.00', 'x', 'y', 'z', 'n', '\\x', gen_random_uuid(),
			 '0001-01-01', '00:00:00', '00:00:00+00', '0001-01-01 00:00:00 BC', '0001-01-01 00:00:00+00 BC',
			 '1', '12345678901234567890.0000000001'),
			(9, true, 5, 5, 5, 5, '5', '5', '10000', '100000.00', 'x', 'y', 'z', 'n', '\\x', gen_random_uuid(),
			 '1999-01-08', '00:00:00', '00:00:00+00', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00',
			 '1', '1e-20'),
			(10, true, 6, 6, 6, 6, '6', '6', '0.000000000000000000001', '1.00', 'x', 'y', 'z', 'n', '\\x',
			 gen_random_uuid(), '1999-01-08', '00:00:00', '00:00:00+00', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00',
			 '1', '100000000000000000000000000000000')
			""", """
			INSERT INTO binary_types
			SELECT g, g % 3 = 0, (g % 65536 - 32768)::int2, g * 7919 - 1000000, g::int8 * 1000000007 * (1 - 2 * (g % 2)),
			       (g * 2654435761 % 4294967296)::text::oid, (g * 40503)::text::xid, (g % 1000)::text::cid,
			       round((g * 12345.678901 * (1 - 2 * (g % 2)))::numeric / power(10, g % 30)::numeric, g % 40),
			       (g * 1.37)::numeric(12, 2), md5(g::text) || chr(233 + g % 50), 'v' || g, 'c' || g % 1000, 'n' || g,
			       decode(md5(g::text), 'hex'), md5(g::text)::uuid,
			       date '0001-01-01' - 200000 + g * 4001,
			       time '00:00' + g * interval '17 minutes 3.000007 seconds',
			       ((time '00:00' + g * interval '13 minutes 1.5 seconds')::text
			         || CASE g % 4 WHEN 0 THEN '+05:30' WHEN 1 THEN '-03' WHEN 2 THEN '+00' ELSE '-14:00:07' END)::timetz,
			       timestamp '0100-01-01 00:00:00' - interval '3000 years' + g * interval '9117 days 3 hours 7.123457 seconds',
			       timestamptz '0100-01-01 00:00:00+00' - interval '3000 years'
			         + g * interval '9231 days 5 hours 11 minutes 0.000123 seconds',
			       json_build_object('g', g, 'tags', json_build_array('red', g % 7)),
			       jsonb_build_object('g', g, 'score', g * 0.5, 'name', 'é' || g)
			  FROM generate_series(11, 400) g
			""");

	private BinaryTypesTable() {
	}

	public static void create(TestDatabase database) {
		database.execute(SCHEMA);
		database.execute(ROWS.toArray(new String[0]));
	}

}
