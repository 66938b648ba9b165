package dev.zero.change;

import java.util.Objects;

/**
 * One column of a {@link Row}.
 *
 * @param name the column's name
 * @param typeOid the OID of the column's type
 * @param typeName the type's name: {@code pg_type.typname} for a built-in type
 * ({@code int4}, {@code _text} for {@code text[]}), the schema-qualified name for others
 * ({@code public.mood}); a domain carries the name of its base type, as pgoutput sends it
 * @param typeModifier the type modifier ({@code atttypmod}: the declared precision and scale of
 * a {@code numeric}, the length of a {@code varchar}, the precision of a {@code timestamp}), as
 * the table's Relation message sends it; -1 when there is none, which is always the case for a
 * column of a domain type
 * @param key whether the column is part of the table's replica identity (every column is
 * with {@code REPLICA IDENTITY FULL})
 */
public record Column(String name, int typeOid, String typeName, int typeModifier, boolean key) {

	public Column {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(typeName, "typeName must not be null");
	}

	/**
	 * A column without a type modifier (-1).
	 * @param name the column's name
	 * @param typeOid the OID of the column's type
	 * @param typeName the type's name
	 * @param key whether the column is part of the table's replica identity
	 */
	public Column(String name, int typeOid, String typeName, boolean key) {
		this(name, typeOid, typeName, -1, key);
	}

}
