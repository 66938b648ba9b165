package dev.zero.pgoutput;

import java.time.Instant;

/**
 * Converts PostgreSQL timestamps on the wire (microseconds since 2000-01-01 00:00:00 UTC) to
 * {@link Instant}. Kept in one place so that no message computes the epoch offset itself.
 */
final class PostgresEpoch {

	private static final long EPOCH_SECONDS = 946_684_800L;

	private PostgresEpoch() {
	}

	static Instant toInstant(long micros) {
		return Instant.ofEpochSecond(EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
				Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

}
