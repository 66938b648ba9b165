package dev.zero.change;

import java.util.Objects;

/**
 * The schema-qualified name of a table, exactly as stored in PostgreSQL's catalog (so
 * case-sensitive: a table created as {@code Todo} without quotes is {@code todo}).
 * {@link #toString()} is for display and is not quoted for SQL.
 *
 * @param schema the schema's name
 * @param name the table's name
 */
public record TableName(String schema, String name) {

	public TableName {
		Objects.requireNonNull(schema, "schema must not be null");
		Objects.requireNonNull(name, "name must not be null");
	}

	/**
	 * Parses {@code schema.table}, or {@code table} for a table in {@code public}. A part
	 * that itself contains a dot is written in double quotes, with {@code ""} for a quote:
	 * {@code "my.schema".todo}.
	 * @param text the name
	 * @return the table name
	 * @throws IllegalArgumentException if {@code text} is not a table name
	 */
	public static TableName parse(String text) {
		Objects.requireNonNull(text, "text must not be null");
		int[] end = new int[1];
		String first = part(text, 0, end);
		if (end[0] == text.length()) {
			return new TableName("public", first);
		}
		if (text.charAt(end[0]) != '.') {
			throw invalid(text);
		}
		String second = part(text, end[0] + 1, end);
		if (end[0] != text.length()) {
			throw invalid(text);
		}
		return new TableName(first, second);
	}

	private static String part(String text, int start, int[] end) {
		if (start < text.length() && text.charAt(start) == '"') {
			StringBuilder part = new StringBuilder();
			int i = start + 1;
			while (i < text.length()) {
				char c = text.charAt(i);
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						part.append('"');
						i += 2;
						continue;
					}
					if (part.length() == 0) {
						throw invalid(text);
					}
					end[0] = i + 1;
					return part.toString();
				}
				part.append(c);
				i++;
			}
			throw invalid(text);
		}
		int dot = text.indexOf('.', start);
		int stop = (dot < 0) ? text.length() : dot;
		if (stop == start) {
			throw invalid(text);
		}
		end[0] = stop;
		return text.substring(start, stop);
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("Not a table name: '" + text
				+ "' (expected schema.table or table, with a part in double quotes if it contains a dot)");
	}

	@Override
	public String toString() {
		return this.schema + "." + this.name;
	}

}
