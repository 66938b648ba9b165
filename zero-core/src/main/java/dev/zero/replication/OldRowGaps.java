package dev.zero.replication;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.zero.change.ChangeListener;
import dev.zero.change.TableName;
import dev.zero.change.TransactionalTarget;
import dev.zero.pgoutput.RelationColumn;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.sql.Identifiers;

/**
 * What the listeners need of one table's old rows that its replica identity does not give
 * them, and the ways out. Worked out from the catalog at startup and from a Relation message in
 * the stream alike; a table whose identity gives old rows no columns at all is the
 * {@code replica-identity} check's to report, not this.
 *
 * @param table the table
 * @param carried the columns its old rows carry, in table order
 * @param gaps what the listeners would fail to bind, one sentence each
 */
public record OldRowGaps(TableName table, List<String> carried, List<String> gaps) {

	public OldRowGaps {
		carried = List.copyOf(carried);
		gaps = List.copyOf(gaps);
	}

	/**
	 * The gaps of {@code listeners} for a table.
	 * @param listeners the listeners; only those that are {@link OldRowRequirements} are asked
	 * @param table the table
	 * @param columns its published columns
	 * @param full whether its replica identity is {@code FULL}
	 * @param identityColumns the columns of its replica identity when it is not {@code FULL}
	 * @return the gaps, possibly none
	 */
	public static OldRowGaps of(List<ChangeListener> listeners, TableName table, List<String> columns, boolean full,
			List<String> identityColumns) {
		if (full || identityColumns.isEmpty()) {
			return new OldRowGaps(table, full ? columns : identityColumns, List.of());
		}
		Set<String> carried = new LinkedHashSet<>(identityColumns);
		List<String> gaps = new ArrayList<>();
		for (ChangeListener listener : listeners) {
			if (listener instanceof OldRowRequirements requirements) {
				gaps.addAll(requirements.unmetBy(table, columns, carried));
			}
		}
		return new OldRowGaps(table, identityColumns, gaps);
	}

	/** The plain listeners, then those of each target. */
	static List<ChangeListener> allListeners(List<ChangeListener> listeners, List<TransactionalTarget> targets) {
		if (targets.isEmpty()) {
			return listeners;
		}
		List<ChangeListener> all = new ArrayList<>(listeners);
		targets.forEach((target) -> all.addAll(target.listeners()));
		return all;
	}

	/** The gaps of {@code listeners} for the table a Relation message describes. */
	static OldRowGaps of(List<ChangeListener> listeners, RelationMessage relation) {
		List<String> columns = relation.columns().stream().map(RelationColumn::name).toList();
		List<String> key = relation.columns().stream().filter(RelationColumn::key).map(RelationColumn::name).toList();
		return of(listeners, PublishedSchemas.tableOf(relation), columns, relation.isReplicaIdentityFull(), key);
	}

	public boolean isEmpty() {
		return this.gaps.isEmpty();
	}

	/** What is wrong, in words: the table, what its old rows carry, and each gap. */
	public String problem() {
		return "the old rows of " + this.table + " (an update's when it changes the key, a delete's) carry only "
				+ "its replica identity's columns " + String.join(", ", this.carried) + ", and "
				+ String.join("; ", this.gaps);
	}

	/** The ways out, as a DBA or a developer takes them. */
	public String action() {
		return "Give the table every column in its old rows: ALTER TABLE "
				+ Identifiers.qualified(this.table.schema(), this.table.name())
				+ " REPLICA IDENTITY FULL; or bind the old row to a type with only the key columns; or make those "
				+ "components boxed types (Boolean for boolean), which are null when the column is missing.";
	}

}
