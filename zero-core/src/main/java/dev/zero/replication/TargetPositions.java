package dev.zero.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * The position each transactional target committed last, by name, across the worker's
 * sessions: written by the worker thread when a target opens and when it commits, read by
 * health and metrics on theirs. It only records; what a position means is the targets' and
 * the {@link DeliveryTargets}'.
 */
final class TargetPositions {

	private final Map<String, Lsn> committed = new ConcurrentSkipListMap<>();

	/** {@code target} committed {@code position} (or opened at it). */
	void committed(String target, Lsn position) {
		this.committed.put(target, position);
	}

	/** Every target's progress, by name, seen from the slot's {@code confirmed} position. */
	List<TargetProgress> progress(@Nullable Lsn confirmed) {
		if (this.committed.isEmpty()) {
			return List.of();
		}
		List<TargetProgress> progress = new ArrayList<>(this.committed.size());
		this.committed.forEach((target, position) -> progress.add(TargetProgress.of(target, position, confirmed)));
		return List.copyOf(progress);
	}

}
