package dev.zero.change;

import java.util.Objects;

/**
 * One column of a {@link Row}.
 *
 * @param name the column's name
 * @param typeOid the OID of the column's type
 * @param typeName the type's name: {@code pg_type.typname} for a built-in type
 * ({@code int4}, {@code _text} for {@code text[]}), the schema-qualified name for others
 * ({@code public.mood}); a domain carries the name of its base type, as pgoutput sends it.
 * When {@code null}, the built-in name is looked up by OID.
 * @param key whether the column is part of the table's replica identity (every column is
 * with {@code REPLICA IDENTITY FULL})
 */
public record Column(String name, int typeOid, String typeName, boolean key) {

	public Column {
		Objects.requireNonNull(name, "name must not be null");
		if (typeName == null) {
			String builtin = BuiltinTypes.name(typeOid);
			typeName = (builtin != null) ? builtin : "unknown type " + Integer.toUnsignedString(typeOid);
		}
	}

	/**
	 * A column of a built-in type, named from its OID.
	 * @param name the column's name
	 * @param typeOid the OID of the column's type
	 * @param key whether the column is part of the replica identity
	 * @return the column
	 */
	public static Column of(String name, int typeOid, boolean key) {
		return new Column(name, typeOid, null, key);
	}

}
