package dev.zero.upstream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of validating the upstream once: where it is, what it runs, and every check's
 * result in a fixed order. Ready means no check failed.
 *
 * @param upstream where the upstream is, without credentials
 * @param provider the detected hosting provider, or {@code null} when the server was not
 * reached
 * @param serverVersion the server's version ({@code server_version}), or {@code null}
 * @param walLevel the effective {@code wal_level}, or {@code null}
 * @param checks every check's result, in order
 * @param checkedAt when the validation finished
 */
public record UpstreamReport(String upstream, @Nullable Provider provider, @Nullable String serverVersion,
		@Nullable String walLevel,
		List<CheckResult> checks, Instant checkedAt) {

	public UpstreamReport {
		checks = List.copyOf(checks);
	}

	public boolean ready() {
		return this.checks.stream().noneMatch(CheckResult::failed);
	}

	public List<CheckResult> failures() {
		return this.checks.stream().filter(CheckResult::failed).toList();
	}

	/** The first failed check, the one a user should fix first. */
	public Optional<CheckResult> firstFailure() {
		return this.checks.stream().filter(CheckResult::failed).findFirst();
	}

	public Optional<CheckResult> check(String id) {
		return this.checks.stream().filter((check) -> check.id().equals(id)).findFirst();
	}

}
