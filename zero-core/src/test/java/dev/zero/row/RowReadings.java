package dev.zero.row;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.zero.change.Column;
import dev.zero.change.ColumnValueException;
import dev.zero.change.Row;

/**
 * Everything a row gives, for tests that check that two rows read alike: for each column and
 * each getter, the value, or the exception with its message.
 */
public final class RowReadings {

	private static final Map<String, BiFunction<Row, String, Object>> GETTERS = new LinkedHashMap<>();

	static {
		GETTERS.put("isNull", Row::isNull);
		GETTERS.put("getString", Row::getString);
		GETTERS.put("getObject", Row::getObject);
		GETTERS.put("getLong", Row::getLong);
		GETTERS.put("getInt", Row::getInt);
		GETTERS.put("getShort", Row::getShort);
		GETTERS.put("getBoolean", Row::getBoolean);
		GETTERS.put("getBigDecimal", Row::getBigDecimal);
		GETTERS.put("getDouble", Row::getDouble);
		GETTERS.put("getFloat", Row::getFloat);
		GETTERS.put("getUuid", Row::getUuid);
		GETTERS.put("getLocalDate", Row::getLocalDate);
		GETTERS.put("getLocalTime", Row::getLocalTime);
		GETTERS.put("getOffsetTime", Row::getOffsetTime);
		GETTERS.put("getLocalDateTime", Row::getLocalDateTime);
		GETTERS.put("getOffsetDateTime", Row::getOffsetDateTime);
		GETTERS.put("getInstant", Row::getInstant);
		GETTERS.put("getBytes", Row::getBytes);
		GETTERS.put("getJson", Row::getJson);
		GETTERS.put("getList", (row, name) -> row.getList(name));
		GETTERS.put("getList(String)", (row, name) -> row.getList(name, String.class));
	}

	private RowReadings() {
	}

	/**
	 * By {@code column.getter}: what each getter gives for each column, values made comparable
	 * ({@code byte[]} as hex, the scale of a {@code BigDecimal} kept), or the exception thrown.
	 */
	public static Map<String, String> of(Row row) {
		Map<String, String> readings = new LinkedHashMap<>();
		for (Column column : row.columns()) {
			GETTERS.forEach((getter, read) -> readings.put(column.name() + "." + getter, read(row, column.name(), read)));
		}
		return readings;
	}

	/**
	 * Where two rows read differently: by {@code column.getter}, both readings.
	 */
	public static Map<String, String> differences(Row row, Row expected) {
		return differences(of(row), of(expected));
	}

	/**
	 * Where two rows hold different values: whether each column is NULL, its text and its
	 * natural Java value.
	 */
	public static Map<String, String> valueDifferences(Row row, Row expected) {
		return differences(values(row), values(expected));
	}

	private static Map<String, String> values(Row row) {
		Map<String, String> readings = new LinkedHashMap<>();
		for (Column column : row.columns()) {
			for (String getter : List.of("isNull", "getString", "getObject")) {
				readings.put(column.name() + "." + getter, read(row, column.name(), GETTERS.get(getter)));
			}
		}
		return readings;
	}

	private static Map<String, String> differences(Map<String, String> actual, Map<String, String> expected) {
		Map<String, String> differences = new LinkedHashMap<>();
		expected.forEach((key, reading) -> {
			if (!reading.equals(actual.get(key))) {
				differences.put(key, actual.get(key) + " (expected " + reading + ")");
			}
		});
		return differences;
	}

	private static String read(Row row, String column, BiFunction<Row, String, Object> getter) {
		try {
			return describe(getter.apply(row, column));
		}
		catch (ColumnValueException ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof byte[] bytes) {
			return "bytes " + HexFormat.of().formatHex(bytes);
		}
		if (value instanceof List<?> list) {
			return "list " + Arrays.toString(list.stream().map(RowReadings::describe).toArray());
		}
		if (value instanceof java.math.BigDecimal decimal) {
			return "BigDecimal " + decimal.unscaledValue() + "e-" + decimal.scale();
		}
		return value.getClass().getSimpleName() + " " + value;
	}

}
