package dev.zero.change;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link Row} when a value cannot be read as asked: the column does not exist, its
 * type cannot be read by that getter, its value was not sent (unchanged TOAST) or does not fit.
 * The message names the column, its type and the problem; nothing is ever converted silently.
 */
public final class ColumnValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String column;

	public ColumnValueException(String column, String message) {
		this(column, message, null);
	}

	public ColumnValueException(String column, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.column = column;
	}

	/** The name of the column that was asked for. */
	public String column() {
		return this.column;
	}

}
