package dev.zero.debezium;

import java.util.Locale;

/**
 * The {@code op} of a Debezium change event.
 */
public enum Operation {

	/** An insert: {@code c}. */
	CREATE("c"),

	/** An update: {@code u}. */
	UPDATE("u"),

	/** A delete: {@code d}. */
	DELETE("d"),

	/** A truncated table: {@code t}. */
	TRUNCATE("t"),

	/** A row of an initial sync's snapshot: {@code r}. */
	READ("r");

	private final String code;

	Operation(String code) {
		this.code = code;
	}

	/** The one-letter code the envelope carries. */
	public String code() {
		return this.code;
	}

	/**
	 * The operation of a code of Debezium's {@code skipped.operations}: {@code c}, {@code u},
	 * {@code d} or {@code t}.
	 * @throws IllegalArgumentException for any other text
	 */
	public static Operation skippable(String code) {
		String trimmed = code.trim().toLowerCase(Locale.ROOT);
		for (Operation operation : values()) {
			if (operation != READ && operation.code.equals(trimmed)) {
				return operation;
			}
		}
		throw new IllegalArgumentException("'" + code + "' is not an operation that can be skipped: use c (inserts), "
				+ "u (updates), d (deletes), t (truncates) or none");
	}

}
