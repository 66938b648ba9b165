package dev.zero.publication;

import org.jspecify.annotations.Nullable;

import dev.zero.sql.Identifiers;

/**
 * A table's replica identity, as far as publishing it is concerned.
 *
 * @param schema the table's schema
 * @param name the table's name
 * @param replicaIdentity {@code pg_class.relreplident}: {@code d} default (the primary key),
 * {@code n} nothing, {@code f} full, {@code i} an index
 * @param hasPrimaryKey whether it has a primary key
 * @param suitableIndex a unique index that can serve as replica identity (not partial, no
 * expressions, not deferrable, only NOT NULL columns), or {@code null}
 * @param owned whether the connecting role owns it
 */
public record TableIdentity(String schema, String name, char replicaIdentity, boolean hasPrimaryKey,
		@Nullable String suitableIndex, boolean owned) {

	/**
	 * Whether UPDATE and DELETE keep working once the table is published.
	 */
	public boolean usable() {
		return (this.replicaIdentity == 'd' && this.hasPrimaryKey) || this.replicaIdentity == 'f'
				|| this.replicaIdentity == 'i';
	}

	/**
	 * Whether it has a key to be read in chunks by: a replica identity index, or a primary
	 * key (whatever its replica identity).
	 */
	public boolean keyed() {
		return this.replicaIdentity == 'i' || this.hasPrimaryKey;
	}

	public String qualifiedName() {
		return Identifiers.qualified(this.schema, this.name);
	}

	public String displayName() {
		return this.schema + "." + this.name;
	}

	/** The statement the {@code auto} policy applies: the suitable index, else FULL. */
	public String fix() {
		return "ALTER TABLE " + qualifiedName() + " REPLICA IDENTITY "
				+ ((this.suitableIndex != null) ? "USING INDEX " + Identifiers.quote(this.suitableIndex) : "FULL");
	}

	/** The choices a user has, as statements. */
	public String choices() {
		StringBuilder choices = new StringBuilder("ALTER TABLE " + qualifiedName() + " ADD PRIMARY KEY (...);");
		if (this.suitableIndex != null) {
			choices.append(" or ALTER TABLE ")
				.append(qualifiedName())
				.append(" REPLICA IDENTITY USING INDEX ")
				.append(Identifiers.quote(this.suitableIndex))
				.append(";");
		}
		choices.append(" or ALTER TABLE ").append(qualifiedName()).append(" REPLICA IDENTITY FULL;");
		return choices.toString();
	}

}
