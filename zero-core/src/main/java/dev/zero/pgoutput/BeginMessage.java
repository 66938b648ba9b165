package dev.zero.pgoutput;

import java.time.Instant;

/**
 * Begin ({@code 'B'}): the start of a committed transaction. The messages up to the matching
 * {@link CommitMessage} are its changes.
 *
 * @param finalLsn the LSN of the transaction's commit record
 * @param commitTimeMicros the commit time in microseconds since 2000-01-01 00:00:00 UTC
 * @param xid the transaction id, an unsigned 32-bit number
 */
public record BeginMessage(long finalLsn, long commitTimeMicros, long xid) implements PgOutputMessage {

	public Instant commitTime() {
		return PostgresEpoch.toInstant(this.commitTimeMicros);
	}

}
