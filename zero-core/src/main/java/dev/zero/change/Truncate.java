package dev.zero.change;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code TRUNCATE} statement that emptied one or more tables.
 *
 * @param tables the truncated tables
 * @param cascade whether {@code CASCADE} was given
 * @param restartIdentity whether {@code RESTART IDENTITY} was given
 * @param xid the transaction id
 * @param lsn the position of the change
 * @param commitTime when the transaction committed
 */
public record Truncate(List<TableName> tables, boolean cascade, boolean restartIdentity, long xid, Lsn lsn,
		Instant commitTime) implements Change {

	public Truncate {
		tables = List.copyOf(tables);
		Objects.requireNonNull(lsn, "lsn must not be null");
	}

	@Override
	public Op op() {
		return Op.TRUNCATE;
	}

}
