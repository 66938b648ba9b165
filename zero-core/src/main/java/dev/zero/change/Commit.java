package dev.zero.change;

import java.time.Instant;

/**
 * The end of a transaction whose changes have all been delivered.
 *
 * @param xid the transaction id
 * @param commitLsn the position of the commit record
 * @param endLsn the position just past the commit record, which is what gets confirmed to
 * PostgreSQL once the transaction has been handled
 * @param commitTime when the transaction committed
 */
public record Commit(long xid, Lsn commitLsn, Lsn endLsn, Instant commitTime) {

}
