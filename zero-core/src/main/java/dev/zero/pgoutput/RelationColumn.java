package dev.zero.pgoutput;

/**
 * One column of a {@link RelationMessage}, in table order.
 *
 * @param key whether the column is part of the replica identity (with {@code REPLICA
 * IDENTITY FULL} every column is)
 * @param name the column's name
 * @param typeOid the OID of the column's type, an unsigned 32-bit number
 * @param typeModifier the type modifier ({@code atttypmod}), -1 when there is none
 */
public record RelationColumn(boolean key, String name, int typeOid, int typeModifier) {

}
