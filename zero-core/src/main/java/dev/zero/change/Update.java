package dev.zero.change;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A row changed in place. Large values the update did not touch are usually not sent: check
 * {@link Row#isUnchangedToast(String)} before reading them.
 *
 * @param table the table
 * @param row the row after the update
 * @param old the whole old row with {@code REPLICA IDENTITY FULL}; otherwise the old key
 * columns when the update changed the key, else {@code null}
 * @param xid the transaction id
 * @param lsn the position of the change
 * @param commitTime when the transaction committed
 */
public record Update(TableName table, Row row, @Nullable Row old, long xid, Lsn lsn, Instant commitTime)
		implements Change {

	public Update {
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
		return Op.UPDATE;
	}

}
