package dev.zero.upstream;

/**
 * Thrown at startup when {@code zero.validation.fail-fast} is on and the upstream fails a
 * check. Carries the whole report, whose texts never contain credentials.
 */
public class UpstreamNotReadyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient UpstreamReport report;

	public UpstreamNotReadyException(UpstreamReport report) {
		super("The upstream " + report.upstream() + " is not ready for logical replication: "
				+ report.firstFailure().map((check) -> check.id() + ": " + check.found()).orElse("unknown"));
		this.report = report;
	}

	public UpstreamReport report() {
		return this.report;
	}

}
