package dev.zero.change;

import dev.zero.pgoutput.TupleData;

/**
 * Row values read from a pgoutput tuple: the adapter the replication code needs between the
 * two packages, kept here so that tests can build rows from what a real server sent.
 */
record TupleValues(TupleData tuple) implements RowValues {

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
	public String text(int index) {
		return this.tuple.text(index);
	}

	@Override
	public boolean isBinary(int index) {
		return this.tuple.isBinary(index);
	}

	@Override
	public byte[] binary(int index) {
		return this.tuple.bytes(index);
	}

}
