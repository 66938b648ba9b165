package dev.zero.pgoutput;

import java.nio.charset.StandardCharsets;

/**
 * Reads the big-endian integers and NUL-terminated strings of one pgoutput message from a byte
 * array, checking every read against the end of the message. It never copies the array, so
 * tuples can point into it.
 */
final class MessageReader {

	private final byte[] bytes;

	private final int start;

	private final int end;

	private int position;

	private String messageName = "message";

	MessageReader(byte[] bytes, int offset, int length) {
		if (offset < 0 || length < 0 || offset > bytes.length - length) {
			throw new IndexOutOfBoundsException(
					"offset " + offset + " and length " + length + " do not fit " + bytes.length + " bytes");
		}
		this.bytes = bytes;
		this.start = offset;
		this.end = offset + length;
		this.position = offset;
	}

	void messageName(String name) {
		this.messageName = name;
	}

	byte[] bytes() {
		return this.bytes;
	}

	boolean hasRemaining() {
		return this.position < this.end;
	}

	int remaining() {
		return this.end - this.position;
	}

	byte readByte(String field) {
		require(1, field);
		return this.bytes[this.position++];
	}

	int readUnsignedShort(String field) {
		require(2, field);
		int value = ((this.bytes[this.position] & 0xFF) << 8) | (this.bytes[this.position + 1] & 0xFF);
		this.position += 2;
		return value;
	}

	int readInt(String field) {
		require(4, field);
		byte[] b = this.bytes;
		int p = this.position;
		this.position = p + 4;
		return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
	}

	long readLong(String field) {
		require(8, field);
		long high = readInt(field) & 0xFFFFFFFFL;
		long low = readInt(field) & 0xFFFFFFFFL;
		return (high << 32) | low;
	}

	/** Reads a NUL-terminated string; protocol strings are UTF-8 (see {@link PgOutputDecoder}). */
	String readString(String field) {
		for (int i = this.position; i < this.end; i++) {
			if (this.bytes[i] == 0) {
				String value = new String(this.bytes, this.position, i - this.position, StandardCharsets.UTF_8);
				this.position = i + 1;
				return value;
			}
		}
		throw malformed("the " + field + " at offset " + (this.position - this.start)
				+ " has no terminating NUL byte before the end of the message");
	}

	/** Skips {@code length} bytes and returns the offset where they start. */
	int skip(int length, String field) {
		if (length < 0) {
			throw malformed("negative length " + length + " for the " + field);
		}
		require(length, field);
		int offset = this.position;
		this.position += length;
		return offset;
	}

	byte[] readBytes(int length, String field) {
		int offset = skip(length, field);
		byte[] copy = new byte[length];
		System.arraycopy(this.bytes, offset, copy, 0, length);
		return copy;
	}

	private void require(int count, String field) {
		if (this.end - this.position < count) {
			throw malformed("truncated: the " + field + " needs " + count + " bytes at offset "
					+ (this.position - this.start) + " but only " + (this.end - this.position) + " remain");
		}
	}

	PgOutputException malformed(String problem) {
		return new PgOutputException("Malformed pgoutput " + this.messageName + " message of "
				+ (this.end - this.start) + " bytes: " + problem);
	}

}
