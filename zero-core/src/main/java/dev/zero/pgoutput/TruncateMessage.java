package dev.zero.pgoutput;

import java.util.List;

/**
 * Truncate ({@code 'T'}): one {@code TRUNCATE} statement emptying one or more published
 * tables.
 *
 * @param cascade whether {@code CASCADE} was given
 * @param restartIdentity whether {@code RESTART IDENTITY} was given
 * @param relations the truncated tables, as last described by {@link RelationMessage}s
 */
public record TruncateMessage(boolean cascade, boolean restartIdentity, List<RelationMessage> relations)
		implements PgOutputMessage {

	public TruncateMessage {
		relations = List.copyOf(relations);
	}

}
