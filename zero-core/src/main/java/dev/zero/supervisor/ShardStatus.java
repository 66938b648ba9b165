package dev.zero.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.zero.publication.PublicationReport;
import dev.zero.replication.ReplicationStatus;
import dev.zero.shard.ShardId;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.UpstreamReport;

/**
 * A consistent snapshot of a shard for health, metrics and reports.
 *
 * @param shard the shard
 * @param state where the worker is
 * @param report the latest upstream validation, or {@code null} before the first
 * @param publications the latest provisioning, or {@code null} before the first
 * @param replication the replication listener, or {@code null} when it is switched off
 */
public record ShardStatus(ShardId shard, ShardState state, @Nullable UpstreamReport report,
		@Nullable PublicationReport publications, @Nullable ReplicationStatus replication) {

	/** Every check so far: the upstream's, then the publications'. */
	public List<CheckResult> checks() {
		List<CheckResult> checks = new ArrayList<>();
		if (this.report != null) {
			checks.addAll(this.report.checks());
		}
		if (this.publications != null) {
			checks.addAll(this.publications.checks());
		}
		return checks;
	}

	public Optional<CheckResult> firstFailure() {
		return checks().stream().filter(CheckResult::failed).findFirst();
	}

	ShardStatus with(ShardState state) {
		return new ShardStatus(this.shard, state, this.report, this.publications, this.replication);
	}

}
