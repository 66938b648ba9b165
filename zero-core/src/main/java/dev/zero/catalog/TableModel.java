package dev.zero.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.zero.change.TableName;
import dev.zero.sql.Identifiers;

/**
 * A table as the catalog describes it: its columns, its primary key and its replica
 * identity, and what follows from them. {@link TableModels} reads it; every question about a
 * table's key is answered here, so that publishing, re-reading and encoding it agree.
 *
 * @param table the table
 * @param columns its columns in table order (dropped ones left out, generated ones included)
 * @param primaryKey the key columns of its primary key in the key's order, empty without one
 * @param replicaIdentity its replica identity
 * @param identityIndex the key columns of its replica identity index in the index's order,
 * empty unless its identity is {@link ReplicaIdentity#INDEX} (and the index still exists)
 * @param suitableIndex a unique index that can serve as its replica identity (not partial, no
 * expressions, not deferrable, only NOT NULL columns; the one with the fewest columns, then
 * by name), or {@code null}
 * @param owned whether the connecting role owns it (and so may change its replica identity)
 */
public record TableModel(TableName table, List<TableColumn> columns, List<String> primaryKey,
		ReplicaIdentity replicaIdentity, List<String> identityIndex, @Nullable String suitableIndex, boolean owned) {

	public TableModel {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(replicaIdentity, "replicaIdentity must not be null");
		columns = List.copyOf(columns);
		primaryKey = List.copyOf(primaryKey);
		identityIndex = List.copyOf(identityIndex);
	}

	public boolean hasPrimaryKey() {
		return !this.primaryKey.isEmpty();
	}

	/**
	 * Whether UPDATE and DELETE keep working once the table is published: it has an identity
	 * other than the default, or a primary key for the default one.
	 */
	public boolean hasUsableIdentity() {
		return switch (this.replicaIdentity) {
			case DEFAULT -> hasPrimaryKey();
			case FULL, INDEX -> true;
			case NOTHING -> false;
		};
	}

	/**
	 * The columns the table is read in chunks by, in their order: its replica identity index's,
	 * else its primary key's (whatever its replica identity); empty when it has neither (a
	 * table with {@code REPLICA IDENTITY FULL} or {@code NOTHING} and no primary key, or whose
	 * identity index was dropped).
	 */
	public List<String> chunkKey() {
		return (this.replicaIdentity == ReplicaIdentity.INDEX) ? this.identityIndex : this.primaryKey;
	}

	/** Whether it can be read in chunks by key, every column published. */
	public boolean readableInChunks() {
		return !chunkKey().isEmpty();
	}

	/**
	 * Whether it can be read in chunks by key when only {@code published} of its columns are
	 * (a publication's column list): every column of the key must be among them.
	 */
	public boolean readableInChunks(Collection<String> published) {
		return readableInChunks() && published.containsAll(chunkKey());
	}

	/** The column named {@code name}, or {@code null}. */
	public @Nullable TableColumn column(String name) {
		for (TableColumn column : this.columns) {
			if (column.name().equals(name)) {
				return column;
			}
		}
		return null;
	}

	/** {@code "schema"."name"}, for SQL. */
	public String qualifiedName() {
		return Identifiers.qualified(this.table.schema(), this.table.name());
	}

}
