package dev.zero.debezium;

/**
 * A column as the catalog declares it: what pgoutput's rows do not say but Debezium's encoding
 * depends on (a {@code numeric}'s precision and scale, a {@code timestamp}'s precision,
 * whether the column may be NULL).
 *
 * @param name the column's name
 * @param typeOid its type's OID (the base type's for a domain)
 * @param typeName its type's name as rows name it: {@code pg_type.typname} in
 * {@code pg_catalog}, else schema-qualified (the base type's for a domain)
 * @param typeModifier its {@code atttypmod} (the domain's for a domain), -1 when none
 * @param notNull whether it is declared {@code NOT NULL}
 * @param enumType whether its type is an enum
 */
public record DeclaredColumn(String name, int typeOid, String typeName, int typeModifier, boolean notNull, boolean enumType) {

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
