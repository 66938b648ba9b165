package dev.zero.replication;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ChangeListener;
import dev.zero.pgoutput.RelationMessage;

/**
 * Warns when a table's description arrives in the stream and its replica identity leaves out
 * columns that a listener needs in old rows ({@link OldRowRequirements}), before an update or
 * delete fails to bind; each gap once for the worker's life, however often sessions restart.
 * It only logs: the listener fails, and health shows why, if such a change comes.
 */
final class OldRowWarnings {

	private static final Logger logger = LoggerFactory.getLogger(OldRowWarnings.class);

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/** Checks the table that {@code relation} describes against {@code listeners}. */
	void relation(List<ChangeListener> listeners, RelationMessage relation) {
		OldRowGaps gaps = OldRowGaps.of(listeners, relation);
		if (!gaps.isEmpty() && this.warned.add(gaps.problem())) {
			logger.warn("zero: {}. {}", capitalized(gaps.problem()), gaps.action());
		}
	}

	private static String capitalized(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
