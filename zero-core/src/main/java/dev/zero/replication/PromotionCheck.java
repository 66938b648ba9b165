package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * Decides, when a session starts on an upstream whose timeline is not the one positions were
 * reached on (a standby was promoted), whether anything delivered or committed lies past the
 * point where the new primary's history left the old timeline. The listeners outside any
 * target kept only what the worker delivered (its acknowledged position, in memory); a target
 * that records its position outside the upstream (Kafka) keeps its own. Both then hold changes
 * the new primary never had, and replicated state starts over. A target that records its
 * position in the upstream itself (the application's database) lost its effects and its
 * position together with the WAL, and needs nothing.
 */
final class PromotionCheck {

	private PromotionCheck() {
	}

	/**
	 * What a session start found.
	 *
	 * @param divergences what was delivered or committed past the switch point, by whom
	 * @param reset whether replicated state must start over
	 * @param forgetDelivered whether the acknowledged position must be forgotten (it is past the
	 * switch point, and nobody outside the upstream depends on it)
	 */
	record Outcome(List<TimelineDivergence> divergences, boolean reset, boolean forgetDelivered) {

		static final Outcome NONE = new Outcome(List.of(), false, false);

	}

	/**
	 * @param check the upstream's timeline and how to read its history
	 * @param acknowledged the acknowledged position and where it was reached
	 * @param delivered the transactions handed to the listeners lately (in the same session
	 * as the acknowledged position)
	 * @param plainListeners whether listeners outside any target received what was delivered
	 * @param committed each target's committed position, and where it was reached ({@code null}
	 * when it records its position in the upstream itself)
	 */
	static Outcome check(TimelineDivergence.Check check, Acknowledgement acknowledged, DeliveredCommits delivered,
			boolean plainListeners, Map<String, Committed> committed) throws SQLException {
		List<TimelineDivergence> divergences = new ArrayList<>();
		boolean reset = false;
		boolean forget = false;
		// the listeners outside the targets saw every transaction handed to them, also those of a
		// targets' batch not committed (nor acknowledged) yet
		Lsn reached = (delivered.latest().compareTo(acknowledged.flushed()) > 0) ? delivered.latest()
				: acknowledged.flushed();
		TimelineDivergence listeners = check.check("the listeners", reached, acknowledged.timeline(), delivered);
		if (listeners != null) {
			divergences.add(listeners);
			reset = plainListeners;
			forget = !plainListeners;
		}
		for (Map.Entry<String, Committed> target : committed.entrySet()) {
			TimelineDivergence divergence = check.check("target " + target.getKey(), target.getValue().position(),
					target.getValue().on(), null);
			if (divergence != null) {
				divergences.add(divergence);
				reset = true;
			}
		}
		return divergences.isEmpty() ? Outcome.NONE : new Outcome(List.copyOf(divergences), reset, forget);
	}

	/**
	 * A target's committed position.
	 *
	 * @param position the position
	 * @param on where it was reached, or {@code null} when recorded in the upstream itself
	 */
	record Committed(Lsn position, @Nullable UpstreamTimeline on) {

	}

}
