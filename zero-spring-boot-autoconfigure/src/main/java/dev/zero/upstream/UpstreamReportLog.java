package dev.zero.upstream;

import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an upstream report as one compact block (a line per check, failures and warnings with
 * their action), the first time and then only when the outcome changes: a validator that
 * re-checks every 30 seconds must not fill the log with the same text.
 */
public final class UpstreamReportLog implements Consumer<UpstreamReport> {

	private static final Logger logger = LoggerFactory.getLogger("dev.zero.upstream");

	private final Duration interval;

	private UpstreamReport last;

	public UpstreamReportLog(Duration interval) {
		this.interval = interval;
	}

	@Override
	public synchronized void accept(UpstreamReport report) {
		if (report.sameOutcomeAs(this.last)) {
			return;
		}
		this.last = report;
		if (report.ready() && report.warnings().isEmpty()) {
			logger.info(format(report, this.interval));
		}
		else if (report.ready()) {
			logger.warn(format(report, this.interval));
		}
		else {
			logger.error(format(report, this.interval));
		}
	}

	/**
	 * The report as text: a headline, then a line per check.
	 */
	public static String format(UpstreamReport report, Duration interval) {
		StringBuilder text = new StringBuilder("zero upstream ").append(report.upstream());
		if (report.provider() != null) {
			text.append(" (").append(report.provider().id());
			if (report.serverVersion() != null) {
				text.append(", PostgreSQL ").append(report.serverVersion());
			}
			text.append(")");
		}
		if (report.ready()) {
			text.append(": ready");
			if (!report.warnings().isEmpty()) {
				text.append(" with ").append(report.warnings().size()).append(" warning(s)");
			}
		}
		else {
			text.append(": NOT READY");
			if (interval != null) {
				text.append(", re-checking every ").append(interval.toSeconds()).append("s");
			}
		}
		int width = report.checks().stream().mapToInt((check) -> check.id().length()).max().orElse(0);
		for (CheckResult check : report.checks()) {
			text.append(System.lineSeparator())
				.append("  ")
				.append(String.format("%-4s %-" + width + "s  %s", check.status().id(), check.id(), check.found()));
			if (!check.action().isEmpty()) {
				text.append(System.lineSeparator()).append("       -> ").append(check.action());
			}
		}
		return text.toString();
	}

}
