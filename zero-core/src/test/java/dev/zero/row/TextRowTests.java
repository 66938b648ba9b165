package dev.zero.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.zero.change.Column;
import dev.zero.change.ColumnValueException;
import dev.zero.change.Row;
import dev.zero.change.TableName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TextRowTests {

	private static final TableName TABLE = new TableName("public", "t");

	private static final String NUMERIC_45_DIGITS = "123456789012345678901234567890123456789.012345";

	@Test
	void readsIntegersAsTheirNaturalTypes() {
		assertThat(value("int2", "-32768").getObject("c")).isEqualTo((short) -32768);
		assertThat(value("int4", "2147483647").getObject("c")).isEqualTo(2147483647);
		assertThat(value("int8", "-9223372036854775808").getObject("c")).isEqualTo(Long.MIN_VALUE);
		assertThat(value("oid", "4294967295").getObject("c")).isEqualTo(4294967295L);
		assertThat(value("int2", "7").getLong("c")).isEqualTo(7L);
		assertThat(value("int8", "7").getInt("c")).isEqualTo(7);
		assertThat(value("int4", "7").getShort("c")).isEqualTo((short) 7);
		assertThat(value("int4", "7").getBigDecimal("c")).isEqualTo(new BigDecimal("7"));
		assertThat(value("int8", "7").getDouble("c")).isEqualTo(7.0);
	}

	@Test
	void refusesIntegersThatDoNotFit() {
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("int8", "3000000000").getInt("c"))
			.withMessage("Column \"c\" (int8) of public.t has the value '3000000000', which cannot be read as Integer: "
					+ "3000000000 does not fit Integer");
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("oid", "4294967295").getInt("c"))
			.withMessageContaining("does not fit Integer");
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("int4", "40000").getShort("c"))
			.withMessageContaining("does not fit Short");
	}

	@Test
	void readsNumericOfAnyPrecisionExactly() {
		Row row = value("numeric", NUMERIC_45_DIGITS);
		assertThat(row.getBigDecimal("c")).isEqualTo(new BigDecimal(NUMERIC_45_DIGITS));
		assertThat(row.getObject("c")).isEqualTo(new BigDecimal(NUMERIC_45_DIGITS));
		assertThat(value("numeric", "1.50").getBigDecimal("c")).isEqualTo(new BigDecimal("1.50"));
		assertThat(value("numeric", "0.1").getDouble("c")).isEqualTo(0.1);
		assertThat(value("numeric", "12").getLong("c")).isEqualTo(12L);
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("numeric", "12.5").getLong("c"))
			.withMessageContaining("'12.5', which cannot be read as Long: 12.5 does not fit Long");
	}

	@Test
	void readsNumericNanAndInfinityAsDoubles() {
		for (String special : new String[] { "NaN", "Infinity", "-Infinity" }) {
			Row row = value("numeric", special);
			Double expected = Double.valueOf(special);
			assertThat(row.getDouble("c")).isEqualTo(expected);
			assertThat(row.getObject("c")).isEqualTo(expected);
			assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getBigDecimal("c"))
				.withMessage("Column \"c\" (numeric) of public.t has the value '" + special
						+ "', which cannot be read as BigDecimal: " + special
						+ " cannot be held by BigDecimal; read it with getDouble");
			assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getLong("c"))
				.withMessageContaining("cannot be held by Long");
		}
	}

	@Test
	void readsFloatsIncludingSpecialValues() {
		assertThat(value("float8", "NaN").getDouble("c")).isNaN();
		assertThat(value("float8", "Infinity").getObject("c")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(value("float8", "-Infinity").getDouble("c")).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(value("float8", "1e+308").getDouble("c")).isEqualTo(1e308);
		assertThat(value("float8", "-1.5e-07").getDouble("c")).isEqualTo(-1.5e-7);
		assertThat(value("float8", "0.30000000000000004").getDouble("c")).isEqualTo(0.1 + 0.2);
		assertThat(value("float4", "NaN").getObject("c")).isEqualTo(Float.NaN);
		assertThat(value("float4", "-Infinity").getFloat("c")).isEqualTo(Float.NEGATIVE_INFINITY);
		assertThat(value("float4", "0.1").getObject("c")).isEqualTo(0.1f);
		assertThat(value("float4", "0.1").getDouble("c")).isEqualTo(0.1);
		assertThat(value("float8", "2.5").getBigDecimal("c")).isEqualTo(new BigDecimal("2.5"));
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("float8", "NaN").getBigDecimal("c"))
			.withMessageContaining("NaN cannot be held by BigDecimal");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("float8", "1").getLong("c"))
			.withMessageContaining("cannot be read as Long: its type float8 has no such values");
	}

	@Test
	void readsBooleans() {
		assertThat(value("bool", "t").getBoolean("c")).isTrue();
		assertThat(value("bool", "f").getObject("c")).isEqualTo(false);
	}

	@Test
	void readsTextTypesAsTheirText() {
		assertThat(value("text", "").getString("c")).isEmpty();
		assertThat(value("varchar", "héllo 🎉").getObject("c")).isEqualTo("héllo 🎉");
		assertThat(value("bpchar", "ab   ").getString("c")).isEqualTo("ab   ");
		assertThat(value("interval", "1 year 2 mons 3 days 04:05:06.5").getObject("c"))
			.isEqualTo("1 year 2 mons 3 days 04:05:06.5");
		assertThat(value("int4", "42").getString("c")).isEqualTo("42");
	}

	@Test
	void readsUuids() {
		UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
		assertThat(value("uuid", uuid.toString()).getUuid("c")).isEqualTo(uuid);
		assertThat(value("uuid", uuid.toString()).getObject("c")).isEqualTo(uuid);
	}

	@Test
	void readsDatesIncludingBcAndInfinity() {
		assertThat(value("date", "2024-02-29").getLocalDate("c")).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(value("date", "0044-03-15 BC").getLocalDate("c")).isEqualTo(LocalDate.of(-43, 3, 15));
		assertThat(value("date", "0001-01-01 BC").getLocalDate("c")).isEqualTo(LocalDate.of(0, 1, 1));
		assertThat(value("date", "4714-11-24 BC").getLocalDate("c")).isEqualTo(LocalDate.of(-4713, 11, 24));
		assertThat(value("date", "5874897-12-31").getLocalDate("c")).isEqualTo(LocalDate.of(5874897, 12, 31));
		assertThat(value("date", "infinity").getObject("c")).isEqualTo(LocalDate.MAX);
		assertThat(value("date", "-infinity").getLocalDate("c")).isEqualTo(LocalDate.MIN);
	}

	@Test
	void readsTimestampsWithFractionsBcAndInfinity() {
		assertThat(value("timestamp", "2024-01-02 03:04:05.123456").getLocalDateTime("c"))
			.isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
		assertThat(value("timestamp", "2024-01-02 03:04:05.5").getObject("c"))
			.isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000));
		assertThat(value("timestamp", "2024-01-02 03:04:05").getLocalDateTime("c"))
			.isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
		assertThat(value("timestamp", "0044-03-15 12:00:00 BC").getLocalDateTime("c"))
			.isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0));
		assertThat(value("timestamp", "294276-12-31 23:59:59.999999").getLocalDateTime("c"))
			.isEqualTo(LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000));
		assertThat(value("timestamp", "infinity").getLocalDateTime("c")).isEqualTo(LocalDateTime.MAX);
		assertThat(value("timestamp", "-infinity").getLocalDateTime("c")).isEqualTo(LocalDateTime.MIN);
	}

	@Test
	void readsTimestampsWithTimeZoneOffsets() {
		assertThat(value("timestamptz", "2024-01-02 03:04:05.123456+05:30").getOffsetDateTime("c"))
			.isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30)));
		assertThat(value("timestamptz", "2024-01-02 03:04:05-03").getObject("c"))
			.isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-3)));
		assertThat(value("timestamptz", "1900-01-01 00:00:00+00:19:32").getOffsetDateTime("c"))
			.isEqualTo(OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 19, 32)));
		assertThat(value("timestamptz", "1850-01-01 00:00:00-04:56:02").getOffsetDateTime("c").getOffset())
			.isEqualTo(ZoneOffset.ofHoursMinutesSeconds(-4, -56, -2));
		assertThat(value("timestamptz", "0044-03-15 12:00:00+00 BC").getOffsetDateTime("c"))
			.isEqualTo(OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC));
		assertThat(value("timestamptz", "2024-01-02 03:04:05.1+00").getInstant("c"))
			.isEqualTo(Instant.parse("2024-01-02T03:04:05.1Z"));
		assertThat(value("timestamptz", "infinity").getOffsetDateTime("c")).isEqualTo(OffsetDateTime.MAX);
		assertThat(value("timestamptz", "-infinity").getOffsetDateTime("c")).isEqualTo(OffsetDateTime.MIN);
		assertThat(value("timestamptz", "infinity").getInstant("c")).isEqualTo(Instant.MAX);
		assertThat(value("timestamptz", "-infinity").getInstant("c")).isEqualTo(Instant.MIN);
	}

	@Test
	void readsTimesOfDayWithAndWithoutZone() {
		assertThat(value("time", "13:45:00.123456").getLocalTime("c")).isEqualTo(LocalTime.of(13, 45, 0, 123_456_000));
		assertThat(value("time", "00:00:00").getObject("c")).isEqualTo(LocalTime.MIDNIGHT);
		assertThat(value("time", "24:00:00").getLocalTime("c")).isEqualTo(LocalTime.MAX);
		assertThat(value("timetz", "13:45:00.5+05:30").getOffsetTime("c"))
			.isEqualTo(OffsetTime.of(13, 45, 0, 500_000_000, ZoneOffset.ofHoursMinutes(5, 30)));
		assertThat(value("timetz", "00:00:00-03").getObject("c"))
			.isEqualTo(OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHours(-3)));
		assertThat(value("timetz", "24:00:00-15:59").getOffsetTime("c"))
			.isEqualTo(OffsetTime.of(LocalTime.MAX, ZoneOffset.ofHoursMinutes(-15, -59)));
	}

	@Test
	void refusesMalformedTemporalValuesSayingWhatWasExpected() {
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("date", "01/02/2024").getLocalDate("c"))
			.withMessage("Column \"c\" (date) of public.t has the value '01/02/2024', which cannot be read as "
					+ "LocalDate: expected a date like 2024-01-31 (DateStyle ISO)");
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("date", "2024-02-30").getLocalDate("c"))
			.withMessageContaining("Invalid date 'FEBRUARY 30'");
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("timestamptz", "2024-01-02 03:04:05").getOffsetDateTime("c"))
			.withMessageContaining("expected a time zone offset");
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("time", "1:02:03").getLocalTime("c"))
			.withMessageContaining("expected a time like 13:45:00.123456");
	}

	@Test
	void readsByteaInHexAndEscapeFormats() {
		assertThat(value("bytea", "\\x00ff10").getBytes("c")).containsExactly(0x00, 0xFF, 0x10);
		assertThat(value("bytea", "\\x").getBytes("c")).isEmpty();
		assertThat(value("bytea", "\\xDEADbeef").getObject("c")).isEqualTo(new byte[] { (byte) 0xDE, (byte) 0xAD,
				(byte) 0xBE, (byte) 0xEF });
		assertThat(value("bytea", "a\\000b\\\\c\\377").getBytes("c"))
			.containsExactly('a', 0, 'b', '\\', 'c', 0xFF);
		assertThat(value("bytea", "").getBytes("c")).isEmpty();
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("bytea", "\\x0").getBytes("c"))
			.withMessageContaining("odd number of hexadecimal digits");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("bytea", "a\\9").getBytes("c"))
			.withMessageContaining("backslash at 1");
	}

	@Test
	void readsJsonTextAsSent() {
		String json = "{\"name\": \"Zoë 🎉\", \"tags\": [1, null]}";
		assertThat(value("jsonb", json).getJson("c")).isEqualTo(json);
		assertThat(value("json", json).getObject("c")).isEqualTo(json);
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("text", json).getJson("c"))
			.withMessage("Column \"c\" (text) of public.t cannot be read as JSON: its type text has no such values "
					+ "(getObject gives its natural Java type, getString its text)");
	}

	@Test
	void readsArraysWithNullsAndQuotedElements() {
		assertThat(value("_int4", "{1,2,NULL,-4}").getObject("c")).isEqualTo(Arrays.asList(1, 2, null, -4));
		assertThat(value("_text", "{\"a\\\"b\",\"c\\\\d\",\"e,f\",\"{g}\",NULL,\"NULL\",\"\",\" sp \",plain}")
			.getList("c")).containsExactly("a\"b", "c\\d", "e,f", "{g}", null, "NULL", "", " sp ", "plain");
		assertThat(value("_text", "{}").getList("c")).isEmpty();
		assertThat(value("_int4", "{{1,2},{3,NULL}}").getList("c"))
			.isEqualTo(List.of(List.of(1, 2), Arrays.asList(3, null)));
		assertThat(value("_int4", "{{{1}},{{2}}}").getList("c"))
			.isEqualTo(List.of(List.of(List.of(1)), List.of(List.of(2))));
		assertThat(value("_int4", "[0:2]={7,8,9}").getList("c")).containsExactly(7, 8, 9);
	}

	@Test
	void readsArraysOfEveryElementType() {
		assertThat(value("_bool", "{t,f,NULL}").getList("c")).containsExactly(true, false, null);
		assertThat(value("_int8", "{9223372036854775807}").getList("c")).containsExactly(Long.MAX_VALUE);
		assertThat(value("_numeric", "{NaN,1.50," + NUMERIC_45_DIGITS + ",-Infinity}").getList("c"))
			.containsExactly(Double.NaN, new BigDecimal("1.50"), new BigDecimal(NUMERIC_45_DIGITS),
					Double.NEGATIVE_INFINITY);
		assertThat(value("_float8", "{NaN,Infinity,-0}").getList("c"))
			.containsExactly(Double.NaN, Double.POSITIVE_INFINITY, -0.0);
		assertThat(value("_bytea", "{\"\\\\x00ff\",NULL,\"\\\\x\"}").getList("c", byte[].class))
			.containsExactly(new byte[] { 0, (byte) 0xFF }, null, new byte[0]);
		assertThat(value("_uuid", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}").getList("c"))
			.containsExactly(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
		assertThat(value("_date", "{2024-01-01,infinity,\"0044-03-15 BC\"}").getList("c"))
			.containsExactly(LocalDate.of(2024, 1, 1), LocalDate.MAX, LocalDate.of(-43, 3, 15));
		assertThat(value("_timestamptz", "{\"2024-01-02 03:04:05+05:30\",-infinity}").getList("c"))
			.containsExactly(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30)),
					OffsetDateTime.MIN);
		assertThat(value("_timetz", "{13:45:00+02}").getList("c"))
			.containsExactly(OffsetTime.of(13, 45, 0, 0, ZoneOffset.ofHours(2)));
		assertThat(value("_jsonb", "{\"{\\\"a\\\": \\\"é\\\"}\",NULL}").getList("c")).containsExactly("{\"a\": \"é\"}",
				null);
		assertThat(value("_box", "{(1,1),(0,0);(3,3),(2,2)}").getList("c")).containsExactly("(1,1),(0,0)",
				"(3,3),(2,2)");
		assertThat(value("_interval", "{\"1 day\",00:00:01}").getList("c")).containsExactly("1 day", "00:00:01");
	}

	@Test
	void convertsArrayElementsToTheRequestedType() {
		assertThat(value("_int4", "{1,NULL}").getList("c", Long.class)).containsExactly(1L, null);
		assertThat(value("_int4", "{1,2}").getList("c", String.class)).containsExactly("1", "2");
		assertThat(value("_int4", "{{1,2}}").getList("c", List.class)).containsExactly(List.of(1, 2));
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("_int4", "{{1,2}}").getList("c", Integer.class))
			.withMessageContaining("multi-dimensional array");
		assertThatExceptionOfType(ColumnValueException.class)
			.isThrownBy(() -> value("_text", "{a}").getList("c", Long.class))
			.withMessageContaining("(_text) of public.t cannot be read as List<Long>");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("int4", "1").getList("c"))
			.withMessageContaining("(int4) of public.t cannot be read as List");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("_int4", "{1,2").getList("c"))
			.withMessageContaining("malformed array literal: unexpected end");
	}

	@Test
	void readsTypesThatAreNotBuiltInAsTextAndParsesThemOnRequest() {
		Row row = RowLayout.of(TABLE, List.of(new Column("mood", 16400, "public.mood", false),
				new Column("moods", 16399, "public._mood", false), new Column("positive", 16410, "int4", false),
				RowLayout.column("custom", 16420, null, false)))
			.row(TextValues.of("happy", "{happy,\"so so\"}", "42", "7"));
		assertThat(row.getObject("mood")).isEqualTo("happy");
		assertThat(row.column("mood").typeName()).isEqualTo("public.mood");
		assertThat(row.getList("moods")).containsExactly("happy", "so so");
		assertThat(row.getObject("positive")).isEqualTo(42);
		assertThat(row.getObject("custom")).isEqualTo("7");
		assertThat(row.column("custom").typeName()).isEqualTo("unknown type 16420");
		assertThat(row.getLong("custom")).isEqualTo(7L);
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getLong("mood"))
			.withMessage("Column \"mood\" (public.mood) of public.t has the value 'happy', which cannot be read as "
					+ "Long: For input string: \"happy\"");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getBytes("mood"))
			.withMessageContaining("cannot be read as byte[]");
	}

	@Test
	void refusesIncompatibleGettersNamingColumnAndType() {
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("text", "12").getLong("c"))
			.withMessage("Column \"c\" (text) of public.t cannot be read as Long: its type text has no such values "
					+ "(getObject gives its natural Java type, getString its text)")
			.satisfies((ex) -> assertThat(ex.column()).isEqualTo("c"));
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("timestamptz",
				"2024-01-02 03:04:05+00").getLocalDateTime("c")).withMessageContaining("(timestamptz) of public.t cannot be read as LocalDateTime");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("int4", "1").getUuid("c"))
			.withMessageContaining("cannot be read as UUID");
	}

	@Test
	void refusesColumnsItDoesNotHaveListingThoseItHas() {
		Row row = RowLayout.of(TABLE, List.of(column("id", 23, true), column("title", 25, false)))
			.row(TextValues.of("1", "x"));
		assertThat(row.has("title")).isTrue();
		assertThat(row.has("nope")).isFalse();
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getString("nope"))
			.withMessage("No column \"nope\" in public.t; its columns are id, title");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.isNull("Title"))
			.withMessageContaining("No column \"Title\"");
	}

	@Test
	void returnsNullForSqlNullFromEveryGetter() {
		Row row = value("int4", null);
		assertThat(row.isNull("c")).isTrue();
		assertThat(row.isUnchangedToast("c")).isFalse();
		assertThat(row.getInt("c")).isNull();
		assertThat(row.getString("c")).isNull();
		assertThat(row.getObject("c")).isNull();
		assertThat(value("_int4", null).getList("c")).isNull();
		assertThat(value("jsonb", null).getJson("c")).isNull();
		assertThat(value("text", null)).hasToString("{c=null}");
	}

	@Test
	void refusesToReadUnchangedToastValues() {
		Row row = value("text", TextValues.UNCHANGED);
		assertThat(row.isUnchangedToast("c")).isTrue();
		assertThat(row.isNull("c")).isFalse();
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getString("c"))
			.withMessageStartingWith("Column \"c\" (text) of public.t has no value to read as String: it is an "
					+ "unchanged TOAST value");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getObject("c"))
			.withMessageContaining("unchanged TOAST value");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> value("_text", TextValues.UNCHANGED)
			.getList("c")).withMessageContaining("unchanged TOAST value");
		assertThat(row).hasToString("{c=<unchanged toast>}");
	}

	@Test
	void showsOnlyKeyColumnsOfAnOldKey() {
		RowLayout layout = RowLayout.of(TABLE,
				List.of(column("title", 25, false), column("id", 23, true), column("tenant", 23, true)));
		Row key = layout.keyColumns().row(TextValues.of(null, "1", "2"));
		assertThat(key.columns()).extracting(Column::name).containsExactly("id", "tenant");
		assertThat(key.getInt("id")).isEqualTo(1);
		assertThat(key.getInt("tenant")).isEqualTo(2);
		assertThat(key).hasToString("{id=1, tenant=2}");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> key.getString("title"))
			.withMessage("No column \"title\" in this old key of public.t, which holds only the key columns id, tenant "
					+ "(the whole old row needs REPLICA IDENTITY FULL)");
		assertThat(layout.keyColumns()).isSameAs(layout.keyColumns());
	}

	@Test
	void describesItsColumns() {
		RowLayout layout = RowLayout.of(TABLE, List.of(column("id", 20, true), column("tags", 1009, false)));
		Row row = layout.row(TextValues.of("1", "{a}"));
		assertThat(row.columns()).containsExactly(new Column("id", 20, "int8", true),
				new Column("tags", 1009, "_text", false));
		assertThat(row.column("tags")).isEqualTo(new Column("tags", 1009, "_text", false));
	}

	@Test
	void refusesValuesThatDoNotMatchTheColumns() {
		RowLayout layout = RowLayout.of(TABLE, List.of(column("id", 20, true)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> layout.row(TextValues.of("1", "2")))
			.withMessage("A row of public.t needs 1 values, one per column, but got 2");
	}

	@Test
	void comparesRowsByColumnsAndValues() {
		RowLayout layout = RowLayout.of(TABLE, List.of(column("id", 20, true), column("body", 25, false)));
		Row a = layout.row(TextValues.of("1", null));
		assertThat(a).isEqualTo(layout.row(TextValues.of("1", null)))
			.hasSameHashCodeAs(layout.row(TextValues.of("1", null)))
			.isNotEqualTo(layout.row(TextValues.of("1", "")))
			.isNotEqualTo(layout.row(TextValues.of("1", TextValues.UNCHANGED)));
	}

	@Test
	void shortensLongValuesInToString() {
		Row row = value("text", "x".repeat(100));
		assertThat(row).hasToString("{c=" + "x".repeat(60) + "... (100 characters)}");
	}

	private static Row value(String typeName, String text) {
		int oid = BuiltinTypes.oid(typeName);
		assertThat(oid).as(typeName).isNotZero();
		return RowLayout.of(TABLE, List.of(column("c", oid, false))).row(TextValues.of(text));
	}

	private static Column column(String name, int builtinTypeOid, boolean key) {
		return RowLayout.column(name, builtinTypeOid, null, key);
	}

}
