package dev.zero.debezium;

import java.util.Map;

/**
 * {@link DebeziumParityTests} with decimals as doubles, base64 bytes and times in
 * microseconds.
 */
class DebeziumParityWithDoublesTests extends DebeziumParityTests {

	@Override
	Map<String, String> debeziumOptions() {
		return Map.of("decimal.handling.mode", "double", "binary.handling.mode", "base64", "time.precision.mode",
				"adaptive_time_microseconds");
	}

	@Override
	EnvelopeSettings settings(EnvelopeSettings defaults) {
		return defaults.withDecimalHandling(DecimalHandlingMode.DOUBLE)
			.withBinaryHandling(BinaryHandlingMode.BASE64)
			.withTimePrecision(TimePrecisionMode.ADAPTIVE_TIME_MICROSECONDS);
	}

}
