package dev.zero.upstream;

import java.util.List;
import java.util.stream.Collectors;

import dev.zero.sql.Identifiers;
import dev.zero.upstream.UpstreamFacts.Timeout;

/**
 * {@code statement-timeout}: a {@code statement_timeout}, {@code transaction_timeout} or
 * {@code idle_in_transaction_session_timeout} in force for this role cancels long initial
 * copies and can end the replication session.
 */
final class StatementTimeoutCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "statement-timeout";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		List<Timeout> timeouts = facts.server().timeouts();
		if (timeouts.isEmpty()) {
			return CheckResult.ok(id(), "no statement, transaction or idle-in-transaction timeout applies");
		}
		String role = Identifiers.quote(facts.role().name());
		String found = timeouts.stream()
			.map((timeout) -> timeout.name() + " is " + timeout.milliseconds() + " ms (" + source(timeout.source()) + ")")
			.collect(Collectors.joining(", "));
		String action = timeouts.stream()
			.map((timeout) -> "ALTER ROLE " + role + " SET " + timeout.name() + " = 0;")
			.collect(Collectors.joining(" "));
		return CheckResult.warn(id(), found + ": long initial copies and replication commands would be cancelled",
				"Turn them off for the replication role: " + action);
	}

	private static String source(String source) {
		return switch (source) {
			case "user" -> "set for the role";
			case "database" -> "set for the database";
			case "database user" -> "set for the role in this database";
			case "configuration file" -> "set in the server's configuration";
			default -> "source: " + source;
		};
	}

}
