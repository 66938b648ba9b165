package dev.zero.row;

import org.jspecify.annotations.Nullable;

/**
 * The values of one row as PostgreSQL sent them, by position, before any decoding: what a
 * row reads from (see {@link RowLayout#row(RowValues)}). The replication code implements it
 * over pgoutput's tuples (and an initial sync over what it copies). Implementations must not
 * change afterwards, since a row decodes lazily and may be kept.
 */
public interface RowValues {

	/** The number of values, one per column of the relation. */
	int size();

	boolean isNull(int index);

	/** Whether the value is a TOASTed value the change did not touch, which was not sent. */
	boolean isUnchangedToast(int index);

	/**
	 * The value in PostgreSQL's text output format.
	 * @param index the value's position
	 * @return the text, or {@code null} for SQL NULL
	 */
	@Nullable String text(int index);

}
