package dev.zero.row;

import org.jspecify.annotations.Nullable;

/**
 * The values of one row of binary {@code COPY}: a field count, then each value's length and the
 * bytes its type's {@code send} function wrote ({@code -1} for NULL). It only finds where each
 * value is; a row decodes a value by its column's type when a getter asks, and prints it as
 * PostgreSQL's text when the text is asked for. It keeps the bytes it was given, unchanged.
 */
final class BinaryTuple implements RowValues {

	private final ColumnType[] types;

	private final byte[] data;

	/** Where each value's bytes start, or -1 for NULL; its length is in the four bytes before. */
	private final int[] offsets;

	private BinaryTuple(ColumnType[] types, byte[] data, int[] offsets) {
		this.types = types;
		this.data = data;
		this.offsets = offsets;
	}

	/**
	 * Finds the values of the tuple that starts at {@code offset} and ends where {@code data}
	 * ends.
	 * @throws IllegalArgumentException if it is not a tuple of {@code types.length} values
	 */
	static BinaryTuple read(ColumnType[] types, byte[] data, int offset) {
		if (data.length - offset < 2) {
			throw new IllegalArgumentException("binary COPY row too short: " + (data.length - offset) + " bytes");
		}
		int count = (short) PostgresBinary.readShort(data, offset);
		if (count != types.length) {
			throw new IllegalArgumentException(
					"binary COPY row has " + count + " columns, expected " + types.length);
		}
		int[] offsets = new int[count];
		int position = offset + 2;
		for (int i = 0; i < count; i++) {
			if (data.length - position < 4) {
				throw new IllegalArgumentException("binary COPY row ends within the length of column " + (i + 1));
			}
			int length = PostgresBinary.readInt(data, position);
			position += 4;
			if (length == -1) {
				offsets[i] = -1;
				continue;
			}
			if (length < 0 || length > data.length - position) {
				throw new IllegalArgumentException("binary COPY row: column " + (i + 1) + " of " + length
						+ " bytes does not fit in the " + (data.length - position) + " left");
			}
			offsets[i] = position;
			position += length;
		}
		if (position != data.length) {
			throw new IllegalArgumentException("binary COPY row has " + (data.length - position)
					+ " bytes after its last column");
		}
		return new BinaryTuple(types, data, offsets);
	}

	@Override
	public int size() {
		return this.offsets.length;
	}

	@Override
	public boolean isNull(int index) {
		return this.offsets[index] < 0;
	}

	@Override
	public boolean isUnchangedToast(int index) {
		return false;
	}

	@Override
	public @Nullable String text(int index) {
		int offset = this.offsets[index];
		return (offset < 0) ? null : this.types[index].binaryText(this.data, offset, length(offset));
	}

	/**
	 * The value as {@code target}, as its text would read; {@code null} for NULL.
	 * @see ColumnType#decodeBinary(byte[], int, int, Class)
	 */
	<T> @Nullable T read(int index, Class<T> target) {
		int offset = this.offsets[index];
		return (offset < 0) ? null : this.types[index].decodeBinary(this.data, offset, length(offset), target);
	}

	private int length(int offset) {
		return PostgresBinary.readInt(this.data, offset - 4);
	}

}
