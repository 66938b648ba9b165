package dev.zero.sql;

/**
 * The one place SQL identifiers are quoted. Every name that ends up in SQL text the starter
 * runs or prints (schemas, tables, publications, roles, slots) goes through
 * {@link #quote(String)}, so a hostile name can never become SQL.
 */
public final class Identifiers {

	private Identifiers() {
	}

	/**
	 * Quotes an identifier the way PostgreSQL's {@code quote_ident} does, but always.
	 */
	public static String quote(String identifier) {
		if (identifier == null || identifier.isEmpty()) {
			throw new IllegalArgumentException("An SQL identifier must not be empty");
		}
		if (identifier.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("An SQL identifier must not contain NUL characters");
		}
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	/** {@code "schema"."name"}. */
	public static String qualified(String schema, String name) {
		return quote(schema) + "." + quote(name);
	}

	/**
	 * Quotes a string literal for SQL text that is shown to people (actions in reports), and for
	 * the few statements that take no parameters ({@code COMMENT ON}); other SQL the starter
	 * runs passes values as parameters instead.
	 */
	public static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
