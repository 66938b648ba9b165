package dev.zero.replication;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * How far one transactional target got: the position it committed last, and how far the slot's
 * confirmed position is past it. A target is never ahead of what it committed, so a growing
 * distance means either that it is behind, or that the transactions since then held nothing
 * for its listeners.
 *
 * @param target the target's {@link dev.zero.change.TransactionalTarget#name() name}
 * @param committed the end of the last source transaction it committed (what its
 * {@code open()} returned, then each commit's position), or {@code null} when it has committed
 * none
 * @param lagBytes the slot's confirmed position minus {@code committed} (0 while the target is
 * ahead of it, between its commit and the acknowledgement), or -1 when either is not known yet
 */
public record TargetProgress(String target, @Nullable Lsn committed, long lagBytes) {

	/** The progress of a target that committed {@code committed}, seen from {@code confirmed}. */
	static TargetProgress of(String target, Lsn committed, @Nullable Lsn confirmed) {
		if (!committed.isValid()) {
			return new TargetProgress(target, null, -1);
		}
		if (confirmed == null || !confirmed.isValid()) {
			return new TargetProgress(target, committed, -1);
		}
		long distance = confirmed.value() - committed.value();
		return new TargetProgress(target, committed, (confirmed.compareTo(committed) > 0) ? distance : 0);
	}

}
