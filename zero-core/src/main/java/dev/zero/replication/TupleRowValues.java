package dev.zero.replication;

import org.jspecify.annotations.Nullable;

import dev.zero.pgoutput.TupleData;
import dev.zero.row.RowValues;

/**
 * Row values read from a pgoutput tuple: the adapter between the wire protocol and the rows
 * listeners receive. It decodes nothing itself; a row decodes a value when it is asked for it.
 * The stream is started without pgoutput's {@code binary} option, so every value sent is text.
 */
record TupleRowValues(TupleData tuple) implements RowValues {

	@Override
	public int size() {
		return this.tuple.size();
	}

	@Override
	public boolean isNull(int index) {
		return this.tuple.isNull(index);
	}

	@Override
	public boolean isUnchangedToast(int index) {
		return this.tuple.isUnchangedToast(index);
	}

	@Override
	public @Nullable String text(int index) {
		return this.tuple.text(index);
	}

}
