package dev.zero.pgoutput;

/**
 * Delete ({@code 'D'}): a row removed from a table.
 *
 * @param relation the table, as last described by a {@link RelationMessage}
 * @param oldKind {@code 'K'} when {@code oldTuple} holds only the replica identity columns
 * (the others are null), {@code 'O'} when it holds the whole row ({@code REPLICA IDENTITY
 * FULL})
 * @param oldTuple the deleted row's key or the whole deleted row
 */
public record DeleteMessage(RelationMessage relation, char oldKind, TupleData oldTuple) implements PgOutputMessage {

}
