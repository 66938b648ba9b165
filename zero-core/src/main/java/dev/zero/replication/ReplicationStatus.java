package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;
import dev.zero.change.ResetReason;

/**
 * A snapshot of the replication listener for health, metrics and reports.
 *
 * @param state where the listener is
 * @param slot the slot's name
 * @param lastCommitLsn the commit LSN of the last transaction delivered, or {@code null}
 * @param flushedLsn the position acknowledged to the server, or {@code null}
 * @param lagBytes the server's WAL position minus the slot's confirmed position, or -1 when
 * not known yet
 * @param retainedWalBytes WAL the slot keeps on the server, or -1 when not known yet
 * @param lastEventAt when the last transaction was delivered, or {@code null}
 * @param error the last error, or {@code null}
 * @param retries attempts since the last success
 * @param slotHolderPid the process that holds the slot while in standby, or 0
 * @param lastResetReason why replicated state last started over, or {@code null}
 * @param lastResetAt when, or {@code null}
 * @param syncProgress the tables of the sync in progress, empty when none is
 * @param resyncProgress the tables re-read while streaming that this session knows of (rows
 * delivered so far; done when complete)
 * @param source the server and timeline the stream reads from, or {@code null} before the first
 * session
 * @param divergence what the last promotion lost that had been delivered, or {@code null}
 * @param failingChange the change a listener fails on while its error handler retries it, or
 * {@code null}
 * @param targets each transactional target's progress, by name, empty before the first one
 * opened
 * @param releasedAt since when every connection is released ({@link ReplicationState#RELEASED}),
 * or {@code null} while it is not
 */
public record ReplicationStatus(ReplicationState state, String slot, @Nullable Lsn lastCommitLsn,
		@Nullable Lsn flushedLsn, long lagBytes, long retainedWalBytes, @Nullable Instant lastEventAt,
		@Nullable String error, int retries, int slotHolderPid, @Nullable ResetReason lastResetReason,
		@Nullable Instant lastResetAt, List<SyncProgress> syncProgress, List<SyncProgress> resyncProgress,
		@Nullable Source source, @Nullable String divergence, @Nullable FailingChange failingChange,
		List<TargetProgress> targets, @Nullable Instant releasedAt) {

	public ReplicationStatus {
		syncProgress = List.copyOf(syncProgress);
		resyncProgress = List.copyOf(resyncProgress);
		targets = List.copyOf(targets);
	}

	ReplicationStatus resyncing(List<SyncProgress> progress) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid,
				this.lastResetReason, this.lastResetAt, this.syncProgress, progress, this.source, this.divergence, null, this.targets, this.releasedAt);
	}

	public static ReplicationStatus initial(ReplicationState state, String slot) {
		return new ReplicationStatus(state, slot, null, null, -1, -1, null, null, 0, 0, null, null, List.of(), List.of(), null, null, null, List.of(), null);
	}

	ReplicationStatus with(ReplicationState state, @Nullable String error, int retries, int slotHolderPid) {
		return new ReplicationStatus(state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, error, retries, slotHolderPid, this.lastResetReason,
				this.lastResetAt, (state == ReplicationState.SYNCING) ? this.syncProgress : List.of(), List.of(), this.source, this.divergence, null, this.targets,
				(state == ReplicationState.RELEASED) ? this.releasedAt : null);
	}

	ReplicationStatus delivered(Lsn commitLsn, Lsn flushed, Instant at) {
		return new ReplicationStatus(ReplicationState.STREAMING, this.slot, commitLsn, flushed, this.lagBytes,
				this.retainedWalBytes, at, null, 0, 0, this.lastResetReason, this.lastResetAt, List.of(), List.of(), this.source, this.divergence, null, this.targets,
				null);
	}

	ReplicationStatus flushed(Lsn flushed) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, flushed, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid,
				this.lastResetReason, this.lastResetAt, this.syncProgress, List.of(), this.source, this.divergence, null, this.targets, this.releasedAt);
	}

	ReplicationStatus measured(long lagBytes, long retainedWalBytes) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, lagBytes,
				retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid, this.lastResetReason,
				this.lastResetAt, this.syncProgress, List.of(), this.source, this.divergence, null, this.targets, this.releasedAt);
	}

	ReplicationStatus syncing(ResetReason reason, Instant at, List<SyncProgress> progress) {
		return new ReplicationStatus(ReplicationState.SYNCING, this.slot, this.lastCommitLsn, this.flushedLsn,
				this.lagBytes, this.retainedWalBytes, this.lastEventAt, null, this.retries, 0, reason, at, progress, List.of(), this.source, this.divergence, null, this.targets, null);
	}

	ReplicationStatus lastReset(ResetReason reason, Instant at) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid, reason, at,
				this.syncProgress, List.of(), this.source, this.divergence, null, this.targets, this.releasedAt);
	}

	/** The stream reads from {@code server} on {@code timeline}. */
	ReplicationStatus source(Source source) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid,
				this.lastResetReason, this.lastResetAt, this.syncProgress, this.resyncProgress, source, this.divergence, null, this.targets, this.releasedAt);
	}

	/** Each transactional target's progress is {@code targets}. */
	ReplicationStatus targets(List<TargetProgress> targets) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid,
				this.lastResetReason, this.lastResetAt, this.syncProgress, this.resyncProgress, this.source,
				this.divergence, this.failingChange, targets, this.releasedAt);
	}

	/** A listener fails on {@code change} and is retried: the listener is failing. */
	ReplicationStatus failing(FailingChange change) {
		return new ReplicationStatus(ReplicationState.FAILED, this.slot, this.lastCommitLsn, this.flushedLsn,
				this.lagBytes, this.retainedWalBytes, this.lastEventAt,
				change.op() + " of " + change.table() + " at " + change.lsn() + " (xid " + change.xid() + ") failed in "
						+ change.listener() + ": " + change.error(),
				change.attempts(), this.slotHolderPid, this.lastResetReason, this.lastResetAt, this.syncProgress,
				this.resyncProgress, this.source, this.divergence, change, this.targets, this.releasedAt);
	}

	/** A promotion lost what had been delivered, in words. */
	ReplicationStatus diverged(String divergence) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid,
				this.lastResetReason, this.lastResetAt, this.syncProgress, this.resyncProgress, this.source, divergence, null, this.targets, this.releasedAt);
	}

	/**
	 * Every connection was released at {@code at} ({@link ReplicationState#RELEASED}), with
	 * {@code detail} saying why, or {@code null}.
	 */
	ReplicationStatus released(Instant at, @Nullable String detail) {
		return new ReplicationStatus(ReplicationState.RELEASED, this.slot, this.lastCommitLsn, this.flushedLsn,
				this.lagBytes, this.retainedWalBytes, this.lastEventAt, detail, 0, 0, this.lastResetReason,
				this.lastResetAt, List.of(), List.of(), this.source, this.divergence, null, this.targets, at);
	}

	/**
	 * Where the stream reads from.
	 *
	 * @param server the host and port of the server, as the connection URL names it
	 * @param timeline the server's timeline and cluster
	 */
	public record Source(String server, UpstreamTimeline timeline) {

	}

}
