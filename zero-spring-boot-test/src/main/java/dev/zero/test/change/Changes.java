package dev.zero.test.change;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;

/**
 * Changes for unit tests, made of {@link Rows rows}:
 * <pre>{@code
 * Insert insert = Changes.insert(Rows.of("todo").key("id", 1L).column("title", "water the plants"));
 * }</pre>
 * Each change gets the transaction id {@value #XID}, the current time (to the microsecond, as
 * PostgreSQL keeps it) as its commit time, and the next of increasing positions, so that
 * changes made one after the other are in WAL order. For other values, construct the records.
 */
public final class Changes {

	/** The transaction id of the changes made here. */
	public static final long XID = 1000;

	private static final AtomicLong positions = new AtomicLong(0x1000000);

	private Changes() {
	}

	/**
	 * A row added by a transaction.
	 * @param row the new row
	 * @return the insert
	 */
	public static Insert insert(RowBuilder row) {
		return insert(row.table(), row.build());
	}

	/**
	 * A row added by a transaction.
	 * @param table the table
	 * @param row the new row
	 * @return the insert
	 */
	public static Insert insert(TableName table, Row row) {
		return new Insert(table, row, false, XID, nextLsn(), now());
	}

	/**
	 * A row copied by an initial sync, as delivered after a reset (outside any transaction).
	 * @param row the row
	 * @return the snapshot insert
	 */
	public static Insert snapshotInsert(RowBuilder row) {
		return new Insert(row.table(), row.build(), true, XID, nextLsn(), now());
	}

	/**
	 * An update without an old row: the table's replica identity is the default and the key did
	 * not change.
	 * @param row the row after the update
	 * @return the update
	 */
	public static Update update(RowBuilder row) {
		return update(row.table(), row.build(), null);
	}

	/**
	 * An update with the whole old row, as a table with {@code REPLICA IDENTITY FULL} sends it.
	 * @param row the row after the update
	 * @param old the row before it
	 * @return the update
	 */
	public static Update update(RowBuilder row, RowBuilder old) {
		return update(row.table(), row.build(), old.build());
	}

	/**
	 * An update that changed the key of a table with the default replica identity: the old row
	 * holds only the old key columns.
	 * @param row the row after the update
	 * @param old the row before it, of which only the key columns are kept
	 * @return the update
	 */
	public static Update updateOfKey(RowBuilder row, RowBuilder old) {
		return update(row.table(), row.build(), old.buildKey());
	}

	/**
	 * An update.
	 * @param table the table
	 * @param row the row after the update
	 * @param old the old row or key, or {@code null}
	 * @return the update
	 */
	public static Update update(TableName table, Row row, @Nullable Row old) {
		return new Update(table, row, old, XID, nextLsn(), now());
	}

	/**
	 * A delete from a table with the default replica identity: only the key columns of the old
	 * row.
	 * @param old the deleted row, of which only the key columns are kept
	 * @return the delete
	 */
	public static Delete delete(RowBuilder old) {
		return delete(old.table(), old.buildKey());
	}

	/**
	 * A delete from a table with {@code REPLICA IDENTITY FULL}: the whole old row.
	 * @param old the deleted row
	 * @return the delete
	 */
	public static Delete deleteWholeRow(RowBuilder old) {
		return delete(old.table(), old.build());
	}

	/**
	 * A delete.
	 * @param table the table
	 * @param old the old key or row
	 * @return the delete
	 */
	public static Delete delete(TableName table, Row old) {
		return new Delete(table, old, XID, nextLsn(), now());
	}

	/**
	 * A {@code TRUNCATE} of one or more tables, without {@code CASCADE} or
	 * {@code RESTART IDENTITY}.
	 * @param tables {@code schema.table}, or {@code table} for a table in {@code public}
	 * @return the truncation
	 */
	public static Truncate truncate(String... tables) {
		return new Truncate(Arrays.stream(tables).map(TableName::parse).toList(), false, false, XID, nextLsn(), now());
	}

	private static Lsn nextLsn() {
		return Lsn.of(positions.getAndAdd(0x100));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
