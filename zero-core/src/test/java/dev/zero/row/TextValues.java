package dev.zero.row;

import java.util.Arrays;

/**
 * Row values given as text, for tests; {@link #UNCHANGED} marks an unchanged TOAST value.
 */
public final class TextValues implements RowValues {

	public static final String UNCHANGED = new String("<unchanged>");

	private final String[] texts;

	private TextValues(String[] texts) {
		this.texts = texts;
	}

	public static TextValues of(String... texts) {
		return new TextValues(Arrays.copyOf(texts, texts.length));
	}

	@Override
	public int size() {
		return this.texts.length;
	}

	@Override
	public boolean isNull(int index) {
		return this.texts[index] == null;
	}

	@Override
	public boolean isUnchangedToast(int index) {
		return this.texts[index] == UNCHANGED;
	}

	@Override
	public String text(int index) {
		if (isUnchangedToast(index)) {
			throw new IllegalStateException("unchanged");
		}
		return this.texts[index];
	}

}
