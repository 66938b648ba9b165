package dev.zero.autoconfigure;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.zero.shard.ShardStatus;
import dev.zero.shard.ShardSupervisor;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.UpstreamReport;

/**
 * {@code /actuator/zero}: the whole readiness report of the shard, every check with what it
 * found and what to do.
 */
@Endpoint(id = "zero")
public class ZeroEndpoint {

	private final ShardSupervisor supervisor;

	public ZeroEndpoint(ShardSupervisor supervisor) {
		this.supervisor = supervisor;
	}

	@ReadOperation
	public ZeroReport report() {
		ShardStatus status = this.supervisor.status();
		UpstreamReport report = status.report();
		if (report == null) {
			return new ZeroReport(status.shard().appId(), status.shard().shardNum(), status.state().id(), false, null,
					null, null, null, null, null, List.of());
		}
		return new ZeroReport(status.shard().appId(), status.shard().shardNum(), status.state().id(), report.ready(),
				report.upstream(), (report.provider() != null) ? report.provider().id() : null,
				(report.provider() != null && !report.provider().note().isEmpty()) ? report.provider().note() : null,
				report.serverVersion(), report.walLevel(), report.checkedAt(),
				report.checks().stream().map(CheckDescriptor::of).toList());
	}

	/**
	 * The report as JSON.
	 */
	public record ZeroReport(String appId, int shardNum, String state, boolean ready, String upstream,
			String provider, String providerNote, String serverVersion, String walLevel, Instant checkedAt,
			List<CheckDescriptor> checks) {

	}

	/**
	 * One check as JSON.
	 */
	public record CheckDescriptor(String id, String status, String found, String action) {

		static CheckDescriptor of(CheckResult check) {
			return new CheckDescriptor(check.id(), check.status().id(), check.found(), check.action());
		}

	}

}
