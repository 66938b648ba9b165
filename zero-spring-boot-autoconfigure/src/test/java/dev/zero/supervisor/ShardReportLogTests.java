package dev.zero.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.zero.shard.ShardId;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.Provider;
import dev.zero.upstream.UpstreamReport;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ShardReportLogTests {

	private static final ShardId SHARD = new ShardId("zero", 0);

	private static final UpstreamReport NOT_READY = new UpstreamReport("db:5432/app", Provider.SELF_HOSTED, "17.2",
			"replica",
			List.of(CheckResult.ok("connection", "connected to db:5432/app as app"),
					CheckResult.fail("wal-level", "wal_level is replica; logical replication needs logical",
							"Run: ALTER SYSTEM SET wal_level = 'logical';")),
			Instant.EPOCH);

	private static final UpstreamReport READY = new UpstreamReport("db:5432/app", Provider.SELF_HOSTED, "17.2",
			"logical", List.of(CheckResult.ok("connection", "connected"), CheckResult.ok("wal-level", "logical")),
			Instant.EPOCH);

	@Test
	void formatsOneLinePerCheckWithActionsUnderFailures() {
		assertThat(ShardReportLog.format(status(NOT_READY), Duration.ofSeconds(30))).isEqualTo(String.join(
				System.lineSeparator(),
				"zero upstream db:5432/app (self-hosted, PostgreSQL 17.2): NOT READY, re-checking every 30s",
				"  ok   connection  connected to db:5432/app as app",
				"  fail wal-level   wal_level is replica; logical replication needs logical",
				"       -> Run: ALTER SYSTEM SET wal_level = 'logical';"));
	}

	@Test
	void keepsOneLinePerFindingWhenAServerMessageSpansLines() {
		UpstreamReport report = new UpstreamReport("db:5432/app", Provider.SELF_HOSTED, "17.2", "logical",
				List.of(CheckResult.ok("connection", "connected"), CheckResult.warn("event-triggers",
						"role app may not create event triggers (ERROR: permission denied to create event trigger\n"
								+ "  Hint: Must be superuser to create an event trigger.): any schema change re-syncs",
						"Acceptable for a small database.\r\nConnect as a superuser to avoid it.")),
				Instant.EPOCH);
		assertThat(ShardReportLog.format(status(report), Duration.ofSeconds(30))).isEqualTo(String.join(
				System.lineSeparator(), "zero upstream db:5432/app (self-hosted, PostgreSQL 17.2): ready with 1 warning(s)",
				"  ok   connection      connected",
				"  warn event-triggers  role app may not create event triggers (ERROR: permission denied to create "
						+ "event trigger Hint: Must be superuser to create an event trigger.): any schema change re-syncs",
				"       -> Acceptable for a small database. Connect as a superuser to avoid it."));
	}

	@Test
	void logsOnceAndAgainOnlyWhenTheOutcomeChanges(CapturedOutput output) {
		ShardReportLog log = new ShardReportLog(Duration.ofSeconds(30));
		log.accept(status(NOT_READY));
		log.accept(status(new UpstreamReport(NOT_READY.upstream(), NOT_READY.provider(), NOT_READY.serverVersion(),
				NOT_READY.walLevel(), NOT_READY.checks(), Instant.now())));
		log.accept(status(READY));
		log.accept(status(READY));
		assertThat(output.getAll().split("NOT READY", -1)).hasSize(2);
		assertThat(output.getAll().split("\\): ready", -1)).hasSize(2);
	}

	private static ShardStatus status(UpstreamReport report) {
		return new ShardStatus(SHARD, report.ready() ? ShardState.READY : ShardState.NOT_READY, report, null, null);
	}

}
