package dev.zero.replication;

import java.util.List;
import java.util.Set;

import dev.zero.change.TableName;

/**
 * A listener that needs certain columns in the old rows of updates and deletes: a
 * {@code @ZeroListener} method that binds them to a record with primitive components, for
 * example. The starter asks it, at startup from the catalog and when a table's description
 * arrives in the stream, whether a table's replica identity gives it those columns, and warns
 * before a change fails to bind; it never asks while changes are delivered.
 */
public interface OldRowRequirements {

	/**
	 * What this listener would fail to bind from the old rows of {@code table}.
	 * @param table the table
	 * @param columns its published columns, in table order
	 * @param carried the columns its old rows carry: every column with {@code REPLICA IDENTITY
	 * FULL}, else the columns of its replica identity (the primary key by default)
	 * @return one sentence per parameter that could not be bound, naming the listener, the
	 * parameter and the columns; empty when it asks nothing of {@code table} that its old rows
	 * lack
	 */
	List<String> unmetBy(TableName table, List<String> columns, Set<String> carried);

}
