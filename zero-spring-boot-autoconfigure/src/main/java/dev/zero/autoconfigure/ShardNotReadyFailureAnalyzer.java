package dev.zero.autoconfigure;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.zero.supervisor.ShardNotReadyException;
import dev.zero.upstream.CheckResult;

/**
 * Explains a fail-fast startup failure the way Spring Boot explains a missing DataSource:
 * what was found, then what to do.
 */
class ShardNotReadyFailureAnalyzer extends AbstractFailureAnalyzer<ShardNotReadyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShardNotReadyException cause) {
		String description = "The zero upstream " + cause.upstream() + " is not ready for logical replication:"
				+ System.lineSeparator() + System.lineSeparator()
				+ cause.failures()
					.stream()
					.map((check) -> "    " + check.id() + ": " + check.found())
					.collect(Collectors.joining(System.lineSeparator()));
		String action = cause.failures()
			.stream()
			.map(CheckResult::action)
			.map((text) -> "    " + text)
			.collect(Collectors.joining(System.lineSeparator()))
				+ System.lineSeparator() + System.lineSeparator()
				+ "Or set zero.validation.fail-fast=false to start anyway: the starter then reports the problem in "
				+ "the log (and in health, with actuator) and re-checks in the background.";
		return new FailureAnalysis(description, "Fix the upstream:" + System.lineSeparator() + action, cause);
	}

}
