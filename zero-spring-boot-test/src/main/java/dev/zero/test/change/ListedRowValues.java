package dev.zero.test.change;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.row.RowValues;

/**
 * The values of a row built for a test, as text, with the columns that hold an unchanged
 * TOAST value marked. A copy: later changes to the builder do not reach it.
 */
final class ListedRowValues implements RowValues {

	private final @Nullable String[] texts;

	private final boolean[] unchanged;

	ListedRowValues(List<@Nullable String> texts, List<Boolean> unchanged) {
		this.texts = texts.toArray(new String[0]);
		this.unchanged = new boolean[unchanged.size()];
		for (int i = 0; i < this.unchanged.length; i++) {
			this.unchanged[i] = unchanged.get(i);
		}
	}

	@Override
	public int size() {
		return this.texts.length;
	}

	@Override
	public boolean isNull(int index) {
		return !this.unchanged[index] && this.texts[index] == null;
	}

	@Override
	public boolean isUnchangedToast(int index) {
		return this.unchanged[index];
	}

	@Override
	public @Nullable String text(int index) {
		return this.texts[index];
	}

}
