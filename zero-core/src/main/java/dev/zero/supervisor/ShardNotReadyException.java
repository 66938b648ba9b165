package dev.zero.supervisor;

import java.util.List;

import dev.zero.upstream.CheckResult;

/**
 * Thrown at startup when {@code zero.validation.fail-fast} is on and a check fails. Carries
 * the failed checks, whose texts never contain credentials.
 */
public class ShardNotReadyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String upstream;

	private final transient List<CheckResult> failures;

	public ShardNotReadyException(String upstream, List<CheckResult> failures) {
		super("The upstream " + upstream + " is not ready for logical replication: "
				+ failures.stream().findFirst().map((check) -> check.id() + ": " + check.found()).orElse("unknown"));
		this.upstream = upstream;
		this.failures = List.copyOf(failures);
	}

	public String upstream() {
		return this.upstream;
	}

	public List<CheckResult> failures() {
		return this.failures;
	}

}
