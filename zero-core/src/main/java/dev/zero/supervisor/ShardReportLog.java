package dev.zero.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.publication.PublicationReport;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.UpstreamReport;

/**
 * Logs the shard's report as one compact block (a line per check, failures and warnings with
 * their action, then the publications in use), the first time and then only when the outcome
 * changes: a worker that re-checks every 30 seconds must not fill the log with the same text.
 */
public final class ShardReportLog implements Consumer<ShardStatus> {

	private static final Logger logger = LoggerFactory.getLogger("dev.zero");

	private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*");

	private final Duration interval;

	private @Nullable Object lastOutcome;

	public ShardReportLog(Duration interval) {
		this.interval = interval;
	}

	@Override
	public synchronized void accept(ShardStatus status) {
		if (status.report() == null) {
			return;
		}
		Object outcome = outcome(status);
		if (Objects.equals(outcome, this.lastOutcome)) {
			return;
		}
		this.lastOutcome = outcome;
		String text = format(status, this.interval);
		if (status.firstFailure().isPresent()) {
			logger.error(text);
		}
		else if (status.checks().stream().anyMatch(CheckResult::warned)) {
			logger.warn(text);
		}
		else {
			logger.info(text);
		}
	}

	/**
	 * The report as text: a headline, a line per check, and the publications in use.
	 */
	public static String format(ShardStatus status, Duration interval) {
		UpstreamReport report = status.report();
		List<CheckResult> checks = status.checks();
		StringBuilder text = new StringBuilder("zero upstream ").append(report.upstream());
		if (report.provider() != null) {
			text.append(" (").append(report.provider().id());
			if (report.serverVersion() != null) {
				text.append(", PostgreSQL ").append(report.serverVersion());
			}
			text.append(")");
		}
		long warnings = checks.stream().filter(CheckResult::warned).count();
		if (status.firstFailure().isEmpty()) {
			text.append(": ready");
			if (warnings > 0) {
				text.append(" with ").append(warnings).append(" warning(s)");
			}
		}
		else {
			text.append(": NOT READY");
			if (interval != null) {
				text.append(", re-checking every ").append(interval.toSeconds()).append("s");
			}
		}
		int width = checks.stream().mapToInt((check) -> check.id().length()).max().orElse(0);
		for (CheckResult check : checks) {
			text.append(System.lineSeparator())
				.append("  ")
				.append(String.format("%-4s %-" + width + "s  %s", check.status().id(), check.id(),
						oneLine(check.found())));
			if (!check.action().isEmpty()) {
				text.append(System.lineSeparator()).append("       -> ").append(oneLine(check.action()));
			}
		}
		PublicationReport publications = status.publications();
		if (publications != null && publications.usable()) {
			text.append(System.lineSeparator())
				.append("  publications: ")
				.append(publications.mode().id())
				.append(" mode, ")
				.append(String.join(", ", publications.names()))
				.append(" (")
				.append(publications.tableCount())
				.append(" tables)");
			if (publications.resyncRequired()) {
				text.append("; synced from ")
					.append(publications.previousPublications())
					.append(": a full re-sync is required");
			}
		}
		return text.toString();
	}

	/** A server message can span lines ({@code DETAIL:}, {@code Hint:}); a finding has one. */
	private static String oneLine(String text) {
		return LINE_BREAK.matcher(text).replaceAll(" ");
	}

	private static Object outcome(ShardStatus status) {
		PublicationReport publications = status.publications();
		return List.of(status.checks(), String.valueOf(status.report().provider()),
				(publications != null) ? List.of(String.valueOf(publications.mode()), publications.names(),
						publications.tableCount(), publications.resyncRequired()) : List.of());
	}

}
