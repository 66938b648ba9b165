package dev.zero.debezium;

/**
 * How {@code bytea} values are encoded, as Debezium's {@code binary.handling.mode}.
 */
public enum BinaryHandlingMode {

	/** Bytes, which JSON carries as base64 (the same text as {@link #BASE64}). */
	BYTES,

	/** A base64 string. */
	BASE64,

	/** A URL-safe base64 string. */
	BASE64_URL_SAFE,

	/** A lower-case hexadecimal string. */
	HEX

}
