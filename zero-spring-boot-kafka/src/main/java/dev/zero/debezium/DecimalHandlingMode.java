package dev.zero.debezium;

/**
 * How {@code numeric} and {@code money} values are encoded, as Debezium's
 * {@code decimal.handling.mode}.
 */
public enum DecimalHandlingMode {

	/**
	 * Exact: the unscaled value's two's-complement bytes, base64 in JSON, with the scale of the
	 * column's type; a {@code numeric} without a declared precision is an object
	 * {@code {"scale": s, "value": bytes}} (Debezium's {@code VariableScaleDecimal}).
	 */
	PRECISE,

	/** A JSON number (a double), which may lose precision. */
	DOUBLE,

	/** The plain decimal text, for example {@code "1234.50"}. */
	STRING

}
