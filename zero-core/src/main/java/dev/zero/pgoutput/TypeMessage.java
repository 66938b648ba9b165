package dev.zero.pgoutput;

/**
 * Type ({@code 'Y'}): the name of a column type that is not built in, sent before the
 * {@link RelationMessage} that uses it. For a domain PostgreSQL sends the domain's OID with the
 * name of its base type.
 *
 * @param typeOid the type's OID, an unsigned 32-bit number
 * @param namespace the schema's name; PostgreSQL sends an empty string for
 * {@code pg_catalog}
 * @param name the type's name ({@code pg_type.typname}, so {@code _mood} for {@code mood[]})
 */
public record TypeMessage(int typeOid, String namespace, String name) implements PgOutputMessage {

	/**
	 * The name qualified with its schema, or the bare name for a type in {@code pg_catalog}
	 * (so a domain over {@code integer} reads {@code int4}).
	 */
	public String qualifiedName() {
		return this.namespace.isEmpty() ? this.name : this.namespace + "." + this.name;
	}

}
