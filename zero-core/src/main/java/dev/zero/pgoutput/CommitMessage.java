package dev.zero.pgoutput;

import java.time.Instant;

/**
 * Commit ({@code 'C'}): the end of the transaction started by the last {@link BeginMessage}.
 *
 * @param flags unused by PostgreSQL so far, always 0
 * @param commitLsn the LSN of the commit record
 * @param endLsn the LSN just past the commit record: the position to confirm once the
 * transaction has been handled
 * @param commitTimeMicros the commit time in microseconds since 2000-01-01 00:00:00 UTC
 */
public record CommitMessage(int flags, long commitLsn, long endLsn, long commitTimeMicros) implements PgOutputMessage {

	public Instant commitTime() {
		return PostgresEpoch.toInstant(this.commitTimeMicros);
	}

}
