package dev.zero.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.zero.publication.PublicationReport;
import dev.zero.shard.ShardState;
import dev.zero.shard.ShardStatus;
import dev.zero.shard.ShardSupervisor;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.UpstreamReport;

/**
 * Health of the zero shard: UP when every check passes, DOWN with the first failure's reason
 * and action when one does not, OUT_OF_SERVICE until the first validation is done (so a
 * readiness group that includes it waits) and after the shard was stopped or decommissioned.
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
		builder.withDetail("state", status.state().id());
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
		}
		if (status.state() == ShardState.STOPPED || status.state() == ShardState.DECOMMISSIONED) {
			builder.outOfService();
		}
		else {
			status.firstFailure().ifPresentOrElse((failure) -> builder.down()
				.withDetail("reason", failure.found())
				.withDetail("action", failure.action()), builder::up);
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

	private static Map<String, String> describe(CheckResult check) {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("id", check.id());
		map.put("status", check.status().id());
		map.put("found", check.found());
		map.put("action", check.action());
		return map;
	}

}
