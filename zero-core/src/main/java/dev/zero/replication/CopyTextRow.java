package dev.zero.replication;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import dev.zero.row.RowValues;

/**
 * One row of {@code COPY ... TO STDOUT} in text format: the line as the server sent it and where
 * each value starts. A value's text, with COPY's escaping ({@code \N} for NULL, backslash
 * escapes) undone, is made when it is asked for: the same text pgoutput sends, so rows from an
 * initial sync read exactly like rows from the stream.
 */
final class CopyTextRow implements RowValues {

	private static final byte[] NULL = { '\\', 'N' };

	private final byte[] line;

	/** Where each value starts; value {@code i} ends one byte (its tab) before {@code i + 1}. */
	private final int[] starts;

	private CopyTextRow(byte[] line, int[] starts) {
		this.line = line;
		this.starts = starts;
	}

	/**
	 * Finds the {@code width} values of one line (without or with its trailing newline), which
	 * the row keeps.
	 */
	static CopyTextRow parse(byte[] line, int width) {
		int end = line.length;
		if (end > 0 && line[end - 1] == '\n') {
			end--;
		}
		int[] starts = new int[width + 1];
		int column = 0;
		for (int i = 0; i < end; i++) {
			if (line[i] == '\t') {
				if (++column >= width) {
					throw new IllegalStateException("COPY row has more than " + width + " columns");
				}
				starts[column] = i + 1;
			}
		}
		if (column != Math.max(width - 1, 0) || (width == 0 && end > 0)) {
			throw new IllegalStateException("COPY row has " + (column + 1) + " columns, expected " + width);
		}
		starts[width] = end + 1;
		return new CopyTextRow(line, starts);
	}

	@Override
	public int size() {
		return this.starts.length - 1;
	}

	@Override
	public boolean isNull(int index) {
		int start = this.starts[index];
		return this.starts[index + 1] - 1 - start == NULL.length && this.line[start] == NULL[0]
				&& this.line[start + 1] == NULL[1];
	}

	@Override
	public boolean isUnchangedToast(int index) {
		return false;
	}

	@Override
	public @Nullable String text(int index) {
		if (isNull(index)) {
			return null;
		}
		int start = this.starts[index];
		int end = this.starts[index + 1] - 1;
		for (int i = start; i < end; i++) {
			if (this.line[i] == '\\') {
				return unescape(start, end);
			}
		}
		return new String(this.line, start, end - start, StandardCharsets.UTF_8);
	}

	/** COPY's escapes are bytes of the client encoding (UTF-8): undone before decoding. */
	private String unescape(int start, int end) {
		ByteArrayOutputStream value = new ByteArrayOutputStream(end - start);
		for (int i = start; i < end; i++) {
			byte b = this.line[i];
			if (b != '\\' || i + 1 >= end) {
				value.write(b);
				continue;
			}
			byte next = this.line[++i];
			switch (next) {
				case 'b' -> value.write('\b');
				case 'f' -> value.write('\f');
				case 'n' -> value.write('\n');
				case 'r' -> value.write('\r');
				case 't' -> value.write('\t');
				case 'v' -> value.write(0x0b);
				case 'x' -> {
					int digits = 0;
					int code = 0;
					while (digits < 2 && i + 1 < end && Character.digit(this.line[i + 1], 16) >= 0) {
						code = code * 16 + Character.digit(this.line[++i], 16);
						digits++;
					}
					value.write(code);
				}
				default -> {
					if (next >= '0' && next <= '7') {
						int code = next - '0';
						int digits = 1;
						while (digits < 3 && i + 1 < end && this.line[i + 1] >= '0' && this.line[i + 1] <= '7') {
							code = code * 8 + (this.line[++i] - '0');
							digits++;
						}
						value.write(code);
					}
					else {
						value.write(next);
					}
				}
			}
		}
		return value.toString(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		StringBuilder builder = new StringBuilder("[");
		for (int i = 0; i < size(); i++) {
			builder.append((i > 0) ? ", " : "").append(text(i));
		}
		return builder.append(']').toString();
	}

}
