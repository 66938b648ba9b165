package dev.zero.replication;

import dev.zero.change.TableName;

/**
 * How far the copy of one table got during an initial sync.
 *
 * @param table the table
 * @param rowsCopied rows delivered so far
 * @param estimatedRows the planner's estimate ({@code pg_class.reltuples}), or -1 when unknown
 * @param done whether its copy is complete
 */
public record SyncProgress(TableName table, long rowsCopied, long estimatedRows, boolean done) {

}
