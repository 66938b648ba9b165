package dev.zero.change;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A row added to a table.
 *
 * @param table the table
 * @param row the new row
 * @param snapshot whether the row was copied by an initial sync rather than inserted by a
 * transaction; for such rows {@code xid}, {@code lsn} and {@code commitTime} describe the
 * snapshot
 * @param xid the transaction id
 * @param lsn the position of the change
 * @param commitTime when the transaction committed
 */
public record Insert(TableName table, Row row, boolean snapshot, long xid, Lsn lsn, Instant commitTime)
		implements Change {

	public Insert {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(row, "row must not be null");
		Objects.requireNonNull(lsn, "lsn must not be null");
	}

	@Override
	public List<TableName> tables() {
		return List.of(this.table);
	}

	@Override
	public Op op() {
		return Op.INSERT;
	}

}
