package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * A position delivered or committed on a timeline that the upstream no longer continues: the
 * server was promoted from a standby that had not received everything up to it, so the new
 * primary never had the transactions past the switch point, and its own new transactions take
 * LSNs that look older than the position. Streaming on from the position would skip them.
 *
 * @param party who holds the position: {@code listeners} for the delivered position, or a
 * target's name
 * @param from where the position was reached
 * @param to where the upstream is now
 * @param switchPoint where the history left {@code from}, or {@code null} when {@code to} is
 * another cluster or does not descend from {@code from}
 * @param position the position
 * @param transactions how many transactions streamed to the listeners lie past the switch
 * point (their own writes included), or -1 when not known (a target's position alone)
 * @param firstCommit the commit time of the first of them, or {@code null}
 * @param lastCommit the commit time of the last of them, or {@code null}
 */
public record TimelineDivergence(String party, UpstreamTimeline from, UpstreamTimeline to, @Nullable Lsn switchPoint,
		Lsn position, long transactions, @Nullable Instant firstCommit, @Nullable Instant lastCommit) {

	/** How many bytes of WAL past the switch point were delivered, or -1 when not comparable. */
	public long bytes() {
		return (this.switchPoint != null) ? this.position.value() - this.switchPoint.value() : -1;
	}

	/** What the new primary never had, in words for the log and health. */
	public String describe() {
		StringBuilder text = new StringBuilder(this.party).append(" reached ").append(this.position).append(" on ")
			.append(this.from);
		if (this.switchPoint == null) {
			text.append(", which ").append(this.to).append(" does not continue");
		}
		else {
			text.append(", but ").append(this.to).append(" continues it only up to ").append(this.switchPoint)
				.append(": the new primary never had ").append(bytes()).append(" bytes of WAL");
			if (this.transactions >= 0) {
				text.append(" holding ").append(this.transactions).append(" transaction")
					.append((this.transactions == 1) ? "" : "s").append(" streamed to the listeners");
				if (this.firstCommit != null && this.lastCommit != null) {
					text.append(" committed from ").append(this.firstCommit).append(" to ").append(this.lastCommit);
				}
			}
		}
		return text.toString();
	}

	/**
	 * Checks positions against the upstream's current timeline, reading its history once when
	 * a position belongs to another timeline.
	 */
	static final class Check {

		private final UpstreamTimeline now;

		private final HistoryReader reader;

		private @Nullable TimelineHistory history;

		Check(UpstreamTimeline now, HistoryReader reader) {
			this.now = now;
			this.reader = reader;
		}

		/**
		 * @param party who holds the position
		 * @param position the position
		 * @param on where it was reached, or {@code null} when not known (then it is taken as
		 * current)
		 * @param delivered the transactions delivered lately, to count those past the switch
		 * point; {@code null} when not known
		 * @return the divergence, or {@code null} when the position is part of the current history
		 */
		@Nullable TimelineDivergence check(String party, Lsn position, @Nullable UpstreamTimeline on,
				@Nullable DeliveredCommits delivered) throws java.sql.SQLException {
			if (on == null || !position.isValid() || on.equals(this.now)) {
				return null;
			}
			if (!on.sameSystem(this.now)) {
				return new TimelineDivergence(party, on, this.now, null, position, -1, null, null);
			}
			TimelineHistory history = this.history;
			if (history == null) {
				history = this.reader.read(this.now.timeline());
				this.history = history;
			}
			if (history.contains(on.timeline(), position)) {
				return null;
			}
			Lsn switchPoint = history.switchPoint(on.timeline());
			if (switchPoint == null || delivered == null) {
				return new TimelineDivergence(party, on, this.now, switchPoint, position, -1, null, null);
			}
			DeliveredCommits.Past past = delivered.past(switchPoint);
			return new TimelineDivergence(party, on, this.now, switchPoint, position, past.transactions(),
					past.first(), past.last());
		}

	}

	/** Reads a timeline's history from the upstream. */
	@FunctionalInterface
	interface HistoryReader {

		TimelineHistory read(int timeline) throws java.sql.SQLException;

	}

}
