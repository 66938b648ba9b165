package dev.zero.change;

import java.time.Instant;

/**
 * A DDL statement changed the published schema (detected by the starter's event triggers),
 * delivered in WAL order between the data changes around it. Rows of a table changed by it
 * carry its new columns from here on.
 *
 * @param commandTag the statement's command tag, for example {@code ALTER TABLE}
 * @param statement the statement as the client sent it
 * @param before the published schema before the statement
 * @param after the published schema after it
 * @param xid the transaction id
 * @param lsn the position of the change
 * @param commitTime when the transaction committed
 */
public record SchemaChange(String commandTag, String statement, PublishedSchema before, PublishedSchema after,
		long xid, Lsn lsn, Instant commitTime) {

}
