package dev.zero.pgoutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pgoutput messages byte by byte, as the protocol documentation lays them out, for
 * tests that must not depend on a server.
 */
final class MessageBytes {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	static MessageBytes message(char type) {
		return new MessageBytes().int8(type);
	}

	MessageBytes int8(int value) {
		this.out.write(value);
		return this;
	}

	MessageBytes int16(int value) {
		return int8(value >>> 8).int8(value);
	}

	MessageBytes int32(int value) {
		return int16(value >>> 16).int16(value);
	}

	MessageBytes int64(long value) {
		return int32((int) (value >>> 32)).int32((int) value);
	}

	MessageBytes string(String value) {
		return bytes(value.getBytes(StandardCharsets.UTF_8)).int8(0);
	}

	MessageBytes bytes(byte[] value) {
		this.out.writeBytes(value);
		return this;
	}

	MessageBytes text(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		return int8('t').int32(bytes.length).bytes(bytes);
	}

	MessageBytes binary(byte[] value) {
		return int8('b').int32(value.length).bytes(value);
	}

	MessageBytes nullValue() {
		return int8('n');
	}

	MessageBytes unchangedToast() {
		return int8('u');
	}

	/** A Relation message for a table whose columns are all text, the first being the key. */
	static byte[] relation(int relationId, String namespace, String name, String... columns) {
		MessageBytes bytes = message('R').int32(relationId)
			.string(namespace)
			.string(name)
			.int8('d')
			.int16(columns.length);
		for (int i = 0; i < columns.length; i++) {
			bytes.int8((i == 0) ? 1 : 0).string(columns[i]).int32(25).int32(-1);
		}
		return bytes.build();
	}

	byte[] build() {
		return this.out.toByteArray();
	}

}
