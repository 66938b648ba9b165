package dev.zero.debezium;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Column;

/**
 * A column as Debezium's encoding depends on it: a {@code numeric}'s precision and scale, a
 * {@code timestamp}'s precision (from the type modifier), whether the column may be NULL and
 * whether its type is an enum (which only the catalog says).
 *
 * @param name the column's name
 * @param typeOid its type's OID (a domain's own, as pgoutput sends it)
 * @param typeName its type's name as rows name it: {@code pg_type.typname} in
 * {@code pg_catalog}, else schema-qualified (the base type's for a domain)
 * @param typeModifier its {@code atttypmod} (the domain's for a domain), -1 when none
 * @param notNull whether it is declared {@code NOT NULL}
 * @param enumType whether its type is an enum
 */
public record DeclaredColumn(String name, int typeOid, String typeName, int typeModifier, boolean notNull, boolean enumType) {

	/**
	 * What {@code column} of a row is encoded by: its type modifier as the row has it (from the
	 * Relation message, so as of the change), else the catalog's (a domain's, which pgoutput
	 * does not send), with the catalog's nullability and enum flag.
	 * @param column the row's column
	 * @param declared what the catalog declares about it, or {@code null} when it does not
	 * @return the declaration to encode it by, or {@code null} when there is none
	 */
	static @Nullable DeclaredColumn of(Column column, @Nullable DeclaredColumn declared) {
		if (column.typeModifier() < 0 || (declared != null && declared.typeModifier() == column.typeModifier())) {
			return declared;
		}
		return new DeclaredColumn(column.name(), column.typeOid(), column.typeName(), column.typeModifier(),
				declared != null && declared.notNull(), declared != null && declared.enumType());
	}

	/** The declared precision of a {@code numeric}, or -1 when it has none. */
	public int numericPrecision() {
		return (this.typeModifier < 4) ? -1 : ((this.typeModifier - 4) >> 16) & 0xFFFF;
	}

	/** The declared scale of a {@code numeric} (0 when it has no declared precision). */
	public int numericScale() {
		if (this.typeModifier < 4) {
			return 0;
		}
		// an 11-bit signed number since PostgreSQL 15, which allows negative scales
		int scale = (this.typeModifier - 4) & 0x7FF;
		return (scale > 1023) ? scale - 2048 : scale;
	}

	/** The declared fractional-second precision of a time or timestamp: 6 when not declared. */
	public int timePrecision() {
		return (this.typeModifier < 0) ? 6 : this.typeModifier;
	}

	/** The declared length of a {@code bit} or {@code varbit}, or -1 when it has none. */
	public int bitLength() {
		return this.typeModifier;
	}

}
