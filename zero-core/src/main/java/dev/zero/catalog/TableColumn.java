package dev.zero.catalog;

import java.util.Objects;

/**
 * A column of a {@link TableModel}, as the catalog declares it.
 *
 * @param name its name
 * @param typeOid its type's OID ({@code atttypid}: a domain's own, as pgoutput sends it)
 * @param typeName its type's name as rows name it: {@code pg_type.typname} in
 * {@code pg_catalog}, else schema-qualified; the base type's for a domain, as pgoutput names it
 * @param typeModifier its {@code atttypmod} as pgoutput sends it, -1 when none (always for a
 * column of a domain, whose modifier is the domain's)
 * @param domainModifier the modifier of the column's domain ({@code typtypmod}), -1 when the
 * type is no domain or the domain has none
 * @param notNull whether it is declared {@code NOT NULL}, or its domain is
 * @param generated whether it is a generated column (which pgoutput leaves out before
 * PostgreSQL 18)
 * @param enumType whether its type is an enum
 */
public record TableColumn(String name, int typeOid, String typeName, int typeModifier, int domainModifier,
		boolean notNull, boolean generated, boolean enumType) {

	public TableColumn {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(typeName, "typeName must not be null");
	}

	/**
	 * The modifier that bounds its values ({@code numeric(10,2)}, {@code timestamp(3)}): its
	 * own, else its domain's; -1 when neither has one.
	 */
	public int declaredModifier() {
		return (this.typeModifier >= 0) ? this.typeModifier : this.domainModifier;
	}

}
