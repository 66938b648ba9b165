package dev.zero.change;

import java.time.Instant;

/**
 * A table starts being re-read while the stream goes on: its rows follow as snapshot
 * {@link Insert inserts}, chunk by chunk in key order, between the stream's changes, then
 * {@link ResyncComplete}. A row of the re-read is never older than a change of the same key
 * delivered before it.
 *
 * @param table the table
 * @param requestedAt when the re-sync was requested
 */
public record ResyncStart(TableName table, Instant requestedAt) {

}
