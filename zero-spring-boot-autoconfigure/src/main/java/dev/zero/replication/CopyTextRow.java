package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import dev.zero.row.RowValues;

/**
 * One row of {@code COPY ... TO STDOUT} in text format, split into the values PostgreSQL's
 * output functions produced, with COPY's escaping ({@code \N} for NULL, backslash escapes)
 * undone: the same text pgoutput sends, so rows from an initial sync read exactly like rows
 * from the stream.
 */
final class CopyTextRow implements RowValues {

	private final @Nullable String[] values;

	private CopyTextRow(@Nullable String[] values) {
		this.values = values;
	}

	/**
	 * Parses one line (without or with its trailing newline) of {@code width} columns.
	 */
	static CopyTextRow parse(byte[] line, int width) {
		String text = new String(line, StandardCharsets.UTF_8);
		int end = text.length();
		if (end > 0 && text.charAt(end - 1) == '\n') {
			end--;
		}
		@Nullable String[] values = new String[width];
		int column = 0;
		int start = 0;
		for (int i = 0; i <= end; i++) {
			if (i == end || text.charAt(i) == '\t') {
				if (column >= width) {
					throw new IllegalStateException("COPY row has more than " + width + " columns");
				}
				values[column++] = field(text, start, i);
				start = i + 1;
			}
		}
		if (column != width) {
			throw new IllegalStateException("COPY row has " + column + " columns, expected " + width);
		}
		return new CopyTextRow(values);
	}

	private static @Nullable String field(String text, int start, int end) {
		if (end - start == 2 && text.charAt(start) == '\\' && text.charAt(start + 1) == 'N') {
			return null;
		}
		int backslash = text.indexOf('\\', start);
		if (backslash < 0 || backslash >= end) {
			return text.substring(start, end);
		}
		StringBuilder value = new StringBuilder(end - start);
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c != '\\' || i + 1 >= end) {
				value.append(c);
				continue;
			}
			char next = text.charAt(++i);
			switch (next) {
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'v' -> value.append('\u000b');
				case 'x' -> {
					int digits = 0;
					int code = 0;
					while (digits < 2 && i + 1 < end && Character.digit(text.charAt(i + 1), 16) >= 0) {
						code = code * 16 + Character.digit(text.charAt(++i), 16);
						digits++;
					}
					value.append((char) code);
				}
				default -> {
					if (next >= '0' && next <= '7') {
						int code = next - '0';
						int digits = 1;
						while (digits < 3 && i + 1 < end && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '7') {
							code = code * 8 + (text.charAt(++i) - '0');
							digits++;
						}
						value.append((char) code);
					}
					else {
						value.append(next);
					}
				}
			}
		}
		return value.toString();
	}

	@Override
	public int size() {
		return this.values.length;
	}

	@Override
	public boolean isNull(int index) {
		return this.values[index] == null;
	}

	@Override
	public boolean isUnchangedToast(int index) {
		return false;
	}

	@Override
	public @Nullable String text(int index) {
		return this.values[index];
	}

	@Override
	public String toString() {
		return Arrays.toString(this.values);
	}

}
