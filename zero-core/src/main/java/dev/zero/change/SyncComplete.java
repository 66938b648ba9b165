package dev.zero.change;

import java.time.Duration;

/**
 * The copy after a {@link Reset} is complete: every row that existed at the snapshot has been
 * delivered; what follows are the changes committed after it.
 *
 * @param rows the rows copied
 * @param took how long the copy took
 * @param consistentPoint the position the stream continues from
 */
public record SyncComplete(long rows, Duration took, Lsn consistentPoint) {

}
