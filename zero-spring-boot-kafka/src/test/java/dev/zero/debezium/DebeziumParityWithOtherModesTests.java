package dev.zero.debezium;

import java.util.Map;

/**
 * {@link DebeziumParityTests} with Debezium's other encodings: decimals as strings, bytes as
 * hexadecimal, Kafka Connect's time types, no tombstones.
 */
class DebeziumParityWithOtherModesTests extends DebeziumParityTests {

	@Override
	Map<String, String> debeziumOptions() {
		return Map.of("decimal.handling.mode", "string", "binary.handling.mode", "hex", "time.precision.mode",
				"connect", "tombstones.on.delete", "false");
	}

	@Override
	EnvelopeSettings settings(EnvelopeSettings defaults) {
		return defaults.withDecimalHandling(DecimalHandlingMode.STRING)
			.withBinaryHandling(BinaryHandlingMode.HEX)
			.withTimePrecision(TimePrecisionMode.CONNECT)
			.withTombstonesOnDelete(false);
	}

	@Override
	int streamedRecords() {
		return 13;
	}

}
