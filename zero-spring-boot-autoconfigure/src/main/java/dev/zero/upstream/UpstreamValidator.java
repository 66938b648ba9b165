package dev.zero.upstream;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the upstream once: connects, gathers the facts and runs every check, in the order
 * reports show them. A connection that cannot be made is itself a failed check
 * ({@code connection}), never an exception.
 */
public final class UpstreamValidator {

	static final String CONNECTION = "connection";

	private final Upstream upstream;

	private final UpstreamInspector inspector;

	private final List<UpstreamCheck> checks;

	private final Clock clock;

	public UpstreamValidator(Upstream upstream) {
		this(upstream, new UpstreamInspector(), List.of(new ServerVersionCheck(), new WalLevelCheck()),
				Clock.systemUTC());
	}

	UpstreamValidator(Upstream upstream, UpstreamInspector inspector, List<UpstreamCheck> checks, Clock clock) {
		this.upstream = upstream;
		this.inspector = inspector;
		this.checks = List.copyOf(checks);
		this.clock = clock;
	}

	public Upstream upstream() {
		return this.upstream;
	}

	public UpstreamReport validate() {
		List<CheckResult> results = new ArrayList<>();
		if (!this.upstream.isPostgresUrl()) {
			results.add(CheckResult.fail(CONNECTION,
					"the upstream " + this.upstream.describe() + " is not a PostgreSQL JDBC URL",
					"Point spring.datasource.url (or zero.upstream.url) at PostgreSQL: "
							+ "jdbc:postgresql://host:5432/database"));
			return report(null, results);
		}
		UpstreamFacts facts;
		try (Connection connection = this.upstream.connect()) {
			facts = this.inspector.inspect(connection);
		}
		catch (SQLException ex) {
			results.add(CheckResult.fail(CONNECTION,
					"cannot connect to " + this.upstream.describe() + ": " + this.upstream.redact(ex.getMessage()),
					"Check that the server runs and accepts connections from this host, and the URL, user name and "
							+ "password in spring.datasource.* (or zero.upstream.*)."));
			return report(null, results);
		}
		results.add(CheckResult.ok(CONNECTION, "connected to " + this.upstream.describe()));
		for (UpstreamCheck check : this.checks) {
			results.add(check.evaluate(facts));
		}
		return report(facts, results);
	}

	private UpstreamReport report(UpstreamFacts facts, List<CheckResult> results) {
		return new UpstreamReport(this.upstream.describe(), (facts != null) ? Provider.SELF_HOSTED : null,
				(facts != null) ? facts.serverVersion() : null, (facts != null) ? facts.walLevel() : null, results,
				this.clock.instant());
	}

}
