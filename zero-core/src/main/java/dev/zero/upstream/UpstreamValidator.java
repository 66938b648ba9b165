package dev.zero.upstream;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.zero.upstream.UpstreamFacts.DetectedProvider;

/**
 * Validates the upstream once: connects, gathers the facts and runs every check, in the order
 * reports show them. A connection that cannot be made is itself a failed check
 * ({@code connection}), never an exception.
 */
public final class UpstreamValidator {

	static final String CONNECTION = "connection";

	/** Every check, in report order. */
	static final List<UpstreamCheck> CHECKS = List.of(new ServerVersionCheck(), new WalLevelCheck(),
			new ReplicationRoleCheck(), new ReplicationCapacityCheck(), new DirectConnectionCheck(),
			new EventTriggerCheck(), new WalRetentionCheck(), new PublicationPermissionCheck(),
			new StatementTimeoutCheck(), new TlsCheck(), new FailoverCheck(), new ProviderCheck());

	private final Upstream upstream;

	private final InspectionSettings settings;

	private final UpstreamInspector inspector = new UpstreamInspector();

	private final Clock clock;

	public UpstreamValidator(Upstream upstream, InspectionSettings settings) {
		this(upstream, settings, Clock.systemUTC());
	}

	UpstreamValidator(Upstream upstream, InspectionSettings settings, Clock clock) {
		this.upstream = upstream.named("checks");
		this.settings = settings;
		this.clock = clock;
	}

	public Upstream upstream() {
		return this.upstream;
	}

	public InspectionSettings settings() {
		return this.settings;
	}

	public UpstreamReport validate() {
		if (!this.upstream.isPostgresUrl()) {
			return unreachable(CheckResult.fail(CONNECTION,
					"the upstream " + this.upstream.describe() + " is not a PostgreSQL JDBC URL",
					"Point spring.datasource.url (or zero.upstream.url) at PostgreSQL: "
							+ "jdbc:postgresql://host:5432/database"));
		}
		String action = connectionAction(new ProviderDetector().detect(this.upstream.host()));
		Connection connection;
		try {
			connection = this.upstream.connect();
		}
		catch (SQLException ex) {
			return unreachable(CheckResult.fail(CONNECTION,
					"cannot connect to " + this.upstream.describe() + ": " + this.upstream.explain(ex),
					Upstream.isUnanswered(ex) ? unansweredAction() + " " + action : action));
		}
		UpstreamFacts facts;
		try (connection) {
			facts = this.inspector.inspect(connection, this.upstream, this.settings);
		}
		catch (SQLException ex) {
			return unreachable(CheckResult.fail(CONNECTION,
					"connected to " + this.upstream.describe() + ", but inspecting it failed: "
							+ this.upstream.explain(ex),
					action));
		}
		List<CheckResult> results = new ArrayList<>();
		results.add(CheckResult.ok(CONNECTION, "connected to " + this.upstream.describe() + " as " + facts.role().name()));
		for (UpstreamCheck check : CHECKS) {
			results.add(check.evaluate(facts));
		}
		return new UpstreamReport(this.upstream.describe(), facts.provider().provider(), facts.server().version(),
				facts.server().walLevel(), results, this.clock.instant());
	}

	private UpstreamReport unreachable(CheckResult connection) {
		return new UpstreamReport(this.upstream.describe(), null, null, null, List.of(connection), this.clock.instant());
	}

	/** Nothing answered: the likeliest mistake is a port that is not PostgreSQL's. */
	private String unansweredAction() {
		return "Check that " + this.upstream.port() + " is the port PostgreSQL listens on (its port setting, 5432 "
				+ "unless changed) on " + this.upstream.host() + ": something that accepts connections and never "
				+ "answers is another service on that port, or a proxy or firewall holding the connection.";
	}

	private static String connectionAction(DetectedProvider provider) {
		String generic = "Check that the server runs and accepts connections from this host, and the URL, user name "
				+ "and password in spring.datasource.* (or zero.upstream.*).";
		return switch (provider.provider()) {
			case FLY -> generic + " On Fly's private network TLS is not available: add sslmode=disable to the URL.";
			case SUPABASE -> generic + " Supabase's direct connection is IPv6 unless the project has the IPv4 "
					+ "add-on: assign an IPv4 address if this host cannot reach IPv6.";
			default -> generic;
		};
	}

}
