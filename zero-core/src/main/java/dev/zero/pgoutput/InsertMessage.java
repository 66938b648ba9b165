package dev.zero.pgoutput;

/**
 * Insert ({@code 'I'}): a row added to a table.
 *
 * @param relation the table, as last described by a {@link RelationMessage}
 * @param newTuple the inserted row
 */
public record InsertMessage(RelationMessage relation, TupleData newTuple) implements PgOutputMessage {

}
