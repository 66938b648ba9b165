package dev.zero.pgoutput;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The column values of one row in an Insert, Update or Delete message, in table order. It keeps
 * the message's bytes and each value's position in them and turns a value into a
 * {@code String} only when asked, so decoding a change costs no per-value allocation. It never
 * copies or changes the message bytes, which must therefore stay untouched for as long as the
 * tuple is in use (see {@link PgOutputDecoder}).
 */
public final class TupleData {

	/** {@link #kind(int)} of a SQL NULL. */
	public static final char NULL = 'n';

	/**
	 * {@link #kind(int)} of a TOASTed value the change did not touch, which PostgreSQL does not
	 * send again.
	 */
	public static final char UNCHANGED_TOAST = 'u';

	/** {@link #kind(int)} of a value in PostgreSQL's text output format. */
	public static final char TEXT = 't';

	/** {@link #kind(int)} of a value in the type's binary send format. */
	public static final char BINARY = 'b';

	private final byte[] bytes;

	private final byte[] kinds;

	private final int[] offsets;

	private final int[] lengths;

	private TupleData(byte[] bytes, byte[] kinds, int[] offsets, int[] lengths) {
		this.bytes = bytes;
		this.kinds = kinds;
		this.offsets = offsets;
		this.lengths = lengths;
	}

	static TupleData read(MessageReader reader) {
		int count = reader.readUnsignedShort("tuple column count");
		byte[] kinds = new byte[count];
		int[] offsets = new int[count];
		int[] lengths = new int[count];
		for (int i = 0; i < count; i++) {
			byte kind = reader.readByte("column kind");
			kinds[i] = kind;
			switch (kind) {
				case NULL, UNCHANGED_TOAST -> {
				}
				case TEXT, BINARY -> {
					int length = reader.readInt("value length");
					offsets[i] = reader.skip(length, "column value");
					lengths[i] = length;
				}
				default -> throw reader.malformed("unknown column kind '" + (char) (kind & 0xFF) + "' (0x"
						+ Integer.toHexString(kind & 0xFF) + ") for column " + i);
			}
		}
		return new TupleData(reader.bytes(), kinds, offsets, lengths);
	}

	/** The number of columns. */
	public int size() {
		return this.kinds.length;
	}

	/**
	 * How column {@code index} was sent: {@link #NULL}, {@link #UNCHANGED_TOAST},
	 * {@link #TEXT} or {@link #BINARY}.
	 */
	public char kind(int index) {
		return (char) this.kinds[index];
	}

	public boolean isNull(int index) {
		return this.kinds[index] == NULL;
	}

	/**
	 * Whether column {@code index} is a TOASTed value the change left alone. Such a value was
	 * not sent at all; it is neither null nor empty.
	 */
	public boolean isUnchangedToast(int index) {
		return this.kinds[index] == UNCHANGED_TOAST;
	}

	public boolean isText(int index) {
		return this.kinds[index] == TEXT;
	}

	public boolean isBinary(int index) {
		return this.kinds[index] == BINARY;
	}

	/**
	 * The text of column {@code index}, decoded from UTF-8 on each call.
	 * @return the text, or {@code null} for SQL NULL
	 * @throws IllegalStateException for an unchanged TOAST value or a binary value
	 */
	public @Nullable String text(int index) {
		byte kind = this.kinds[index];
		if (kind == TEXT) {
			return new String(this.bytes, this.offsets[index], this.lengths[index], StandardCharsets.UTF_8);
		}
		if (kind == NULL) {
			return null;
		}
		throw new IllegalStateException("Column " + index + " has no text: it was sent as " + describe(kind));
	}

	/**
	 * A copy of the bytes of column {@code index} as sent: UTF-8 text or the binary format.
	 * @return the bytes, or {@code null} for SQL NULL
	 * @throws IllegalStateException for an unchanged TOAST value
	 */
	public byte @Nullable [] bytes(int index) {
		byte kind = this.kinds[index];
		if (kind == TEXT || kind == BINARY) {
			int offset = this.offsets[index];
			return Arrays.copyOfRange(this.bytes, offset, offset + this.lengths[index]);
		}
		if (kind == NULL) {
			return null;
		}
		throw new IllegalStateException("Column " + index + " has no bytes: it was sent as " + describe(kind));
	}

	/** The length in bytes of the value of column {@code index}, 0 when nothing was sent. */
	public int length(int index) {
		return this.lengths[index];
	}

	private static String describe(byte kind) {
		return switch (kind) {
			case NULL -> "NULL";
			case UNCHANGED_TOAST -> "an unchanged TOAST value";
			case TEXT -> "text";
			default -> "binary";
		};
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof TupleData that) || !Arrays.equals(this.kinds, that.kinds)) {
			return false;
		}
		for (int i = 0; i < this.kinds.length; i++) {
			if (!Arrays.equals(this.bytes, this.offsets[i], this.offsets[i] + this.lengths[i], that.bytes,
					that.offsets[i], that.offsets[i] + that.lengths[i])) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int hash = Arrays.hashCode(this.kinds);
		for (int i = 0; i < this.kinds.length; i++) {
			for (int j = this.offsets[i], end = j + this.lengths[i]; j < end; j++) {
				hash = 31 * hash + this.bytes[j];
			}
		}
		return hash;
	}

	@Override
	public String toString() {
		StringBuilder builder = new StringBuilder("TupleData[");
		for (int i = 0; i < this.kinds.length; i++) {
			if (i > 0) {
				builder.append(", ");
			}
			switch (this.kinds[i]) {
				case NULL -> builder.append("null");
				case UNCHANGED_TOAST -> builder.append("<unchanged toast>");
				case TEXT -> builder.append('\'').append(text(i)).append('\'');
				default -> builder.append("<").append(this.lengths[i]).append(" binary bytes>");
			}
		}
		return builder.append(']').toString();
	}

}
