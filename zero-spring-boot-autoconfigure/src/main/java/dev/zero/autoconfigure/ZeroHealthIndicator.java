package dev.zero.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.zero.publication.PublicationReport;
import dev.zero.replication.FailingChange;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationStatus;
import dev.zero.replication.TargetProgress;
import dev.zero.supervisor.ShardState;
import dev.zero.supervisor.ShardStatus;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.UpstreamReport;

/**
 * Health of the zero shard: UP when every check passes and the listener streams, DOWN with
 * the reason and the action when a check fails or the listener cannot deliver,
 * OUT_OF_SERVICE until the first validation is done (so a readiness group that includes it
 * waits), while another instance holds the slot, and after the shard was stopped or
 * decommissioned. A listener that released every connection after
 * {@code zero.replication.idle-release} is UP, with {@code state: released} and
 * {@code releasedSince}.
 */
public class ZeroHealthIndicator extends AbstractHealthIndicator {

	private final ShardSupervisor supervisor;

	public ZeroHealthIndicator(ShardSupervisor supervisor) {
		super("zero health check failed");
		this.supervisor = supervisor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ShardStatus status = this.supervisor.status();
		UpstreamReport report = status.report();
		ReplicationStatus replication = status.replication();
		boolean replicating = replication != null && replication.state() != ReplicationState.DISABLED
				&& replication.state() != ReplicationState.STOPPED;
		builder.withDetail("state", replicating ? replication.state().id() : status.state().id());
		if (report == null) {
			builder.outOfService();
			return;
		}
		builder.withDetail("upstream", report.upstream());
		if (report.provider() != null) {
			builder.withDetail("provider", report.provider().id());
		}
		if (report.serverVersion() != null) {
			builder.withDetail("serverVersion", report.serverVersion());
		}
		if (report.walLevel() != null) {
			builder.withDetail("walLevel", report.walLevel());
		}
		PublicationReport publications = status.publications();
		if (publications != null && publications.usable()) {
			builder.withDetail("publications", publications.names());
			builder.withDetail("publicationMode", publications.mode().id());
			if (publications.ddlDetection() != null) {
				builder.withDetail("ddlDetection", publications.ddlDetection().id());
			}
		}
		if (replication != null) {
			replicationDetails(builder, replication);
		}
		if (status.state() == ShardState.STOPPED || status.state() == ShardState.DECOMMISSIONED) {
			builder.outOfService();
		}
		else if (status.firstFailure().isPresent()) {
			builder.down()
				.withDetail("reason", status.firstFailure().get().found())
				.withDetail("action", status.firstFailure().get().action());
		}
		else if (replicating) {
			replicationHealth(builder, replication);
		}
		else {
			builder.up();
		}
		List<Map<String, String>> notable = status.checks()
			.stream()
			.filter((check) -> check.failed() || check.warned())
			.map(ZeroHealthIndicator::describe)
			.toList();
		if (!notable.isEmpty()) {
			builder.withDetail("checks", notable);
		}
	}

	private static void replicationDetails(Health.Builder builder, ReplicationStatus replication) {
		builder.withDetail("slot", replication.slot());
		if (replication.source() != null) {
			builder.withDetail("server", replication.source().server());
			builder.withDetail("timeline", replication.source().timeline().timeline());
		}
		if (replication.divergence() != null) {
			builder.withDetail("timelineDivergence", replication.divergence());
		}
		if (replication.state() == ReplicationState.DISABLED && replication.error() != null) {
			builder.withDetail("replication", "disabled: " + replication.error());
		}
		if (replication.lastCommitLsn() != null) {
			builder.withDetail("lastCommitLsn", replication.lastCommitLsn().toString());
		}
		if (replication.lagBytes() >= 0) {
			builder.withDetail("lagBytes", replication.lagBytes());
		}
		if (replication.retainedWalBytes() >= 0) {
			builder.withDetail("retainedWalBytes", replication.retainedWalBytes());
		}
		if (replication.lastEventAt() != null) {
			builder.withDetail("lastEventAt", replication.lastEventAt().toString());
		}
		if (replication.lastResetReason() != null) {
			builder.withDetail("lastReset", Map.of("reason", replication.lastResetReason().id(), "at",
					String.valueOf(replication.lastResetAt())));
		}
		FailingChange failing = replication.failingChange();
		if (failing != null) {
			Map<String, Object> change = new LinkedHashMap<>();
			change.put("table", failing.table().toString());
			change.put("op", failing.op().toString());
			change.put("lsn", failing.lsn().toString());
			change.put("xid", failing.xid());
			change.put("listener", failing.listener());
			change.put("error", failing.error());
			change.put("attempts", failing.attempts());
			builder.withDetail("failingChange", change);
		}
		if (!replication.targets().isEmpty()) {
			builder.withDetail("targets", targets(replication));
		}
		if (!replication.resyncProgress().isEmpty()) {
			builder.withDetail("resyncs", replication.resyncProgress()
				.stream()
				.map((table) -> Map.of("table", table.table().toString(), "rows", table.rowsCopied(), "complete",
						table.done()))
				.toList());
		}
		if (!replication.syncProgress().isEmpty()) {
			builder.withDetail("syncProgress", replication.syncProgress()
				.stream()
				.map((table) -> Map.of("table", table.table().toString(), "rowsCopied", table.rowsCopied(),
						"estimatedRows", table.estimatedRows(), "done", table.done()))
				.toList());
		}
	}

	/** Each transactional target's committed position and its distance from the slot's. */
	private static Map<String, Map<String, Object>> targets(ReplicationStatus replication) {
		Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
		for (TargetProgress target : replication.targets()) {
			Map<String, Object> progress = new LinkedHashMap<>();
			if (target.committed() != null) {
				progress.put("committedLsn", target.committed().toString());
			}
			if (target.lagBytes() >= 0) {
				progress.put("lagBytes", target.lagBytes());
			}
			targets.put(target.target(), progress);
		}
		return targets;
	}

	private static void replicationHealth(Health.Builder builder, ReplicationStatus replication) {
		switch (replication.state()) {
			case STREAMING -> builder.up();
			case RELEASED -> {
				// every connection released so that the server may sleep: as ready as when it streamed
				builder.up().withDetail("releasedSince", String.valueOf(replication.releasedAt()));
				if (replication.error() != null) {
					builder.withDetail("reason", replication.error());
				}
			}
			case STARTING -> builder.outOfService();
			case STANDBY -> builder.outOfService().withDetail("reason", replication.error());
			case SYNCING -> builder.outOfService();
			case RESET_REQUIRED -> builder.down()
				.withDetail("reason", replication.error())
				.withDetail("action", "POST /actuator/zero/reset (with management.endpoint.zero.access=unrestricted), "
						+ "call ShardSupervisor.requestReset(), or set zero.replication.auto-reset=true");
			default -> builder.down()
				.withDetail("reason", replication.error())
				.withDetail("retries", replication.retries());
		}
	}

	private static Map<String, String> describe(CheckResult check) {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("id", check.id());
		map.put("status", check.status().id());
		map.put("found", check.found());
		map.put("action", check.action());
		return map;
	}

}
