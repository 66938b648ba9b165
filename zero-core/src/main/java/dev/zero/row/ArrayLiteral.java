package dev.zero.row;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Splits PostgreSQL's array text output ({@code {1,NULL,"a \"b\""}}, nested braces for more
 * dimensions) into nested lists of element texts, with {@code null} for NULL elements. It
 * reads only the syntax; the elements' own types are decoded by the caller.
 */
final class ArrayLiteral {

	private final String text;

	private final char delimiter;

	private int position;

	private ArrayLiteral(String text, char delimiter) {
		this.text = text;
		this.delimiter = delimiter;
	}

	/**
	 * Parses an array literal. Explicit bounds ({@code [0:1]={1,2}}) are dropped: the lists
	 * start at index 0 whatever the array's lower bound.
	 * @param text the literal
	 * @param delimiter the element delimiter, {@code ','} for every built-in type but
	 * {@code box}
	 * @return nested unmodifiable lists whose leaves are element texts or {@code null}
	 */
	static List<@Nullable Object> parse(String text, char delimiter) {
		ArrayLiteral literal = new ArrayLiteral(text, delimiter);
		if (text.startsWith("[")) {
			int equals = text.indexOf('=');
			if (equals < 0) {
				throw literal.invalid("dimensions without '='");
			}
			literal.position = equals + 1;
		}
		List<Object> elements = literal.array();
		literal.skipWhitespace();
		if (literal.position != text.length()) {
			throw literal.invalid("text after the closing brace");
		}
		return elements;
	}

	private List<@Nullable Object> array() {
		skipWhitespace();
		expect('{');
		List<@Nullable Object> elements = new ArrayList<>();
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return Collections.unmodifiableList(elements);
		}
		while (true) {
			skipWhitespace();
			char c = peek();
			if (c == '{') {
				elements.add(array());
			}
			else if (c == '"') {
				elements.add(quoted());
			}
			else {
				elements.add(unquoted());
			}
			skipWhitespace();
			char next = next();
			if (next == '}') {
				return Collections.unmodifiableList(elements);
			}
			if (next != this.delimiter) {
				throw invalid("expected '" + this.delimiter + "' or '}' at " + (this.position - 1));
			}
		}
	}

	private String quoted() {
		this.position++;
		StringBuilder element = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '"') {
				return element.toString();
			}
			element.append((c == '\\') ? next() : c);
		}
	}

	// unquoted NULL (in any case) is a null element; "NULL" in quotes is the text NULL
	private @Nullable String unquoted() {
		StringBuilder element = new StringBuilder();
		boolean escaped = false;
		int significant = 0;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c == this.delimiter || c == '}') {
				break;
			}
			this.position++;
			if (c == '\\') {
				element.append(next());
				escaped = true;
				significant = element.length();
			}
			else {
				element.append(c);
				if (!Character.isWhitespace(c)) {
					significant = element.length();
				}
			}
		}
		element.setLength(significant);
		if (element.length() == 0) {
			throw invalid("empty element at " + this.position);
		}
		String value = element.toString();
		return (!escaped && value.equalsIgnoreCase("NULL")) ? null : value;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private char peek() {
		if (this.position >= this.text.length()) {
			throw invalid("unexpected end");
		}
		return this.text.charAt(this.position);
	}

	private char next() {
		char c = peek();
		this.position++;
		return c;
	}

	private void expect(char expected) {
		if (next() != expected) {
			throw invalid("expected '" + expected + "' at " + (this.position - 1));
		}
	}

	private IllegalArgumentException invalid(String problem) {
		return new IllegalArgumentException("malformed array literal: " + problem);
	}

}
