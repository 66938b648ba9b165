package dev.zero.pgoutput;

/**
 * Origin ({@code 'O'}): the transaction being sent was replayed from another node, named by a
 * replication origin. Sent after {@link BeginMessage} only for such transactions.
 *
 * @param lsn the commit LSN of the transaction on the origin server
 * @param name the replication origin's name
 */
public record OriginMessage(long lsn, String name) implements PgOutputMessage {

}
