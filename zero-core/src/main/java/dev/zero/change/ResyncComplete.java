package dev.zero.change;

/**
 * A table's re-read (see {@link ResyncStart}) delivered its last row.
 *
 * @param table the table
 * @param rows the rows it delivered, over all chunks (also those before a restart)
 * @param chunks the chunks it read
 */
public record ResyncComplete(TableName table, long rows, int chunks) {

}
