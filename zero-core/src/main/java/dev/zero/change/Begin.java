package dev.zero.change;

import java.time.Instant;

/**
 * The start of a committed transaction; its changes follow, then a {@link Commit}.
 *
 * @param xid the transaction id
 * @param commitLsn the position of the transaction's commit record
 * @param commitTime when the transaction committed
 */
public record Begin(long xid, Lsn commitLsn, Instant commitTime) {

}
