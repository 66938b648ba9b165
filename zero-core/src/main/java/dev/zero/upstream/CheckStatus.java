package dev.zero.upstream;

import java.util.Locale;

/**
 * The outcome of one readiness check.
 */
public enum CheckStatus {

	/** The requirement is met. */
	OK,

	/** The upstream works, with a limitation the user should know about. */
	WARN,

	/** The upstream cannot be replicated from until this is fixed. */
	FAIL;

	/** The lower-case form used in reports: {@code ok}, {@code warn}, {@code fail}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return id();
	}

}
