package dev.zero.row;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The text printed for Java values is the text a real server prints for the same values (in a
 * session with the settings of the replication stream: UTC, ISO dates, hex bytea; read as text, as the
 * stream sends them), and each
 * value's inferred type is the type the server gives it.
 */
class PostgresTextOutputTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void printsEachValueAsTheServerDoes() throws SQLException {
		Map<String, Object> cases = new LinkedHashMap<>();
		cases.put("true::bool", true);
		cases.put("false::bool", false);
		cases.put("(-32768)::int2", (short) -32768);
		cases.put("2147483647::int4", 2147483647);
		cases.put("(-9223372036854775808)::int8", Long.MIN_VALUE);
		cases.put("'12345678901234567890.000100'::numeric", new BigDecimal("12345678901234567890.000100"));
		cases.put("'1E+3'::numeric", new BigDecimal("1E+3"));
		cases.put("123456789012345678901234567890::numeric", new BigInteger("123456789012345678901234567890"));
		cases.put("1.5::float8", 1.5d);
		cases.put("100::float8", 100d);
		cases.put("0.1::float8", 0.1d);
		cases.put("1e15::float8", 1e15d);
		cases.put("123456789012345::float8", 123456789012345d);
		cases.put("0.0001::float8", 0.0001d);
		cases.put("0.00001234::float8", 0.00001234d);
		cases.put("'-0'::float8", -0.0d);
		cases.put("'NaN'::float8", Double.NaN);
		cases.put("'-Infinity'::float8", Double.NEGATIVE_INFINITY);
		cases.put("1e6::float4", 1e6f);
		cases.put("123456::float4", 123456f);
		cases.put("0.3::float4", 0.3f);
		cases.put("'it''s'::text", "it's");
		cases.put("'0b6c47c4-8b07-4b4e-9a7e-6c1d1f0e2a3b'::uuid", UUID.fromString("0b6c47c4-8b07-4b4e-9a7e-6c1d1f0e2a3b"));
		cases.put("'2024-02-29'::date", LocalDate.of(2024, 2, 29));
		cases.put("'0044-03-15 BC'::date", LocalDate.of(-43, 3, 15));
		cases.put("'infinity'::date", LocalDate.MAX);
		cases.put("'13:05:00.25'::time", LocalTime.of(13, 5, 0, 250_000_000));
		cases.put("'24:00:00'::time", LocalTime.MAX);
		cases.put("'13:05:00+05:30'::timetz", OffsetTime.of(13, 5, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
		cases.put("'2024-03-01 12:30:00.123456'::timestamp", LocalDateTime.of(2024, 3, 1, 12, 30, 0, 123_456_000));
		cases.put("'2024-03-01 12:30:00.5Z'::timestamptz", Instant.parse("2024-03-01T12:30:00.5Z"));
		cases.put("'-infinity'::timestamptz", Instant.MIN);
		cases.put("'\\x00ff10'::bytea", new byte[] { 0, (byte) 0xff, 0x10 });
		cases.put("ARRAY[1, NULL, 3]::int4[]", Arrays.asList(1, null, 3));
		cases.put("ARRAY['a b', '', 'NULL', 'x\"y', 'back\\slash', 'c,d', '{e}']::text[]",
				List.of("a b", "", "NULL", "x\"y", "back\\slash", "c,d", "{e}"));
		cases.put("ARRAY[[1, 2], [3, 4]]::int8[]", List.of(List.of(1L, 2L), List.of(3L, 4L)));
		cases.put("ARRAY['\\x0102'::bytea]", List.of(new byte[] { 1, 2 }));
		cases.put("ARRAY['2024-03-01 12:30:00Z'::timestamptz]", List.of(Instant.parse("2024-03-01T12:30:00Z")));
		cases.put("ARRAY[true, false]", List.of(true, false));
		List<String> expressions = new ArrayList<>(cases.keySet());
		StringBuilder select = new StringBuilder("SELECT ");
		for (int i = 0; i < expressions.size(); i++) {
			String expression = expressions.get(i);
			select.append((i > 0) ? ", " : "").append("(").append(expression).append("), pg_typeof(")
				.append(expression).append(")::regtype::text");
		}
		try (Connection connection = postgres.database().connect(); Statement statement = connection.createStatement()) {
			statement.execute("SET TimeZone = 'UTC'");
			statement.execute("SET DateStyle = 'ISO, MDY'");
			try (ResultSet rows = statement.executeQuery(select.toString())) {
				rows.next();
				for (int i = 0; i < expressions.size(); i++) {
					Object value = cases.get(expressions.get(i));
					assertThat(PostgresTextOutput.text(value)).as(expressions.get(i)).isEqualTo(rows.getString(2 * i + 1));
					String type = PostgresTextOutput.typeName(value);
					assertThat(typeName(rows.getString(2 * i + 2))).as("type of " + expressions.get(i)).isEqualTo(type);
				}
			}
		}
	}

	@Test
	void printsOffsetDateTimesWithTheirOwnOffset() {
		assertThat(PostgresTextOutput.text(OffsetDateTime.of(2024, 3, 1, 12, 30, 0, 0, ZoneOffset.ofHours(2))))
			.isEqualTo("2024-03-01 12:30:00+02");
		assertThat(PostgresTextOutput.typeName(OffsetDateTime.now())).isEqualTo("timestamptz");
	}

	@Test
	void namesBuiltInTypesByOid() {
		assertThat(PostgresTextOutput.typeOid("int8")).isEqualTo(20);
		assertThat(PostgresTextOutput.typeOid("_text")).isEqualTo(1009);
		assertThat(PostgresTextOutput.typeOid("public.mood")).isZero();
	}

	@Test
	void refusesValuesNoBuiltInTypeHolds() {
		assertThatIllegalArgumentException().isThrownBy(() -> PostgresTextOutput.text(new Object()))
			.withMessageContaining("name the column's type");
	}

	/** pg_typeof's SQL name as pg_type.typname: integer[] is _int4. */
	private static String typeName(String regtype) {
		if (regtype.endsWith("[]")) {
			return "_" + typeName(regtype.substring(0, regtype.length() - 2));
		}
		return switch (regtype) {
			case "boolean" -> "bool";
			case "smallint" -> "int2";
			case "integer" -> "int4";
			case "bigint" -> "int8";
			case "real" -> "float4";
			case "double precision" -> "float8";
			case "time without time zone" -> "time";
			case "time with time zone" -> "timetz";
			case "timestamp without time zone" -> "timestamp";
			case "timestamp with time zone" -> "timestamptz";
			default -> regtype;
		};
	}

}
