package dev.zero.change;

/**
 * A published column as the schema describes it.
 *
 * @param name its name
 * @param type its type as {@code format_type} prints it (for example {@code numeric(10,2)})
 * @param typeName its type's name ({@code pg_type.typname}, schema-qualified outside
 * {@code pg_catalog})
 * @param typeOid its type's OID
 */
public record ColumnSchema(String name, String type, String typeName, int typeOid) {

}
