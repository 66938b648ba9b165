package dev.zero.pgoutput;

import org.jspecify.annotations.Nullable;

/**
 * Update ({@code 'U'}): a row changed in place. Columns whose TOASTed value the update did not
 * touch arrive as {@linkplain TupleData#isUnchangedToast(int) unchanged} in the new tuple.
 *
 * @param relation the table, as last described by a {@link RelationMessage}
 * @param oldTuple the old key ({@code 'K'}: the replica identity columns, other columns
 * null) when the key changed, the whole old row ({@code 'O'}) with {@code REPLICA IDENTITY
 * FULL}, otherwise {@code null}
 * @param oldKind {@code 'K'}, {@code 'O'}, or {@code 0} when there is no old tuple
 * @param newTuple the row after the update
 */
public record UpdateMessage(RelationMessage relation, @Nullable TupleData oldTuple, char oldKind, TupleData newTuple)
		implements PgOutputMessage {

	/** {@link #oldKind()} of an old tuple holding only the replica identity columns. */
	public static final char OLD_KEY = 'K';

	/** {@link #oldKind()} of an old tuple holding the whole row. */
	public static final char OLD_ROW = 'O';

	/** {@link #oldKind()} when PostgreSQL sent no old tuple. */
	public static final char NO_OLD_TUPLE = 0;

}
