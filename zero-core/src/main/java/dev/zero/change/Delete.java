package dev.zero.change;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A row removed from a table.
 *
 * @param table the table
 * @param old the deleted row's key columns, or the whole row with {@code REPLICA IDENTITY
 * FULL}
 * @param xid the transaction id
 * @param lsn the position of the change
 * @param commitTime when the transaction committed
 */
public record Delete(TableName table, Row old, long xid, Lsn lsn, Instant commitTime) implements Change {

	public Delete {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(old, "old must not be null");
		Objects.requireNonNull(lsn, "lsn must not be null");
	}

	@Override
	public List<TableName> tables() {
		return List.of(this.table);
	}

	@Override
	public Op op() {
		return Op.DELETE;
	}

}
