package dev.zero.replication;

import java.time.Instant;

import dev.zero.change.Lsn;

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
 */
public record ReplicationStatus(ReplicationState state, String slot, Lsn lastCommitLsn, Lsn flushedLsn, long lagBytes,
		long retainedWalBytes, Instant lastEventAt, String error, int retries, int slotHolderPid) {

	public static ReplicationStatus initial(ReplicationState state, String slot) {
		return new ReplicationStatus(state, slot, null, null, -1, -1, null, null, 0, 0);
	}

	ReplicationStatus with(ReplicationState state, String error, int retries, int slotHolderPid) {
		return new ReplicationStatus(state, this.slot, this.lastCommitLsn, this.flushedLsn, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, error, retries, slotHolderPid);
	}

	ReplicationStatus delivered(Lsn commitLsn, Lsn flushed, Instant at) {
		return new ReplicationStatus(ReplicationState.STREAMING, this.slot, commitLsn, flushed, this.lagBytes,
				this.retainedWalBytes, at, null, 0, 0);
	}

	ReplicationStatus flushed(Lsn flushed) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, flushed, this.lagBytes,
				this.retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid);
	}

	ReplicationStatus measured(long lagBytes, long retainedWalBytes) {
		return new ReplicationStatus(this.state, this.slot, this.lastCommitLsn, this.flushedLsn, lagBytes,
				retainedWalBytes, this.lastEventAt, this.error, this.retries, this.slotHolderPid);
	}

}
