package dev.zero.upstream;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.zero.sql.Identifiers;
import dev.zero.upstream.UpstreamFacts.Address;
import dev.zero.upstream.UpstreamFacts.Probe;

/**
 * {@code direct-connection}: a replication-protocol connection ({@code replication=database},
 * {@code IDENTIFY_SYSTEM}) works with the same credentials. Replication slots need a direct
 * connection to PostgreSQL; a pooler (PgBouncer, Supavisor, Neon's pooler) cannot carry one.
 */
final class DirectConnectionCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "direct-connection";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		Probe probe = facts.probes().replicationConnection();
		Address address = facts.address();
		String poolerMarker = poolerMarker(address);
		if (probe.failed()) {
			String message = probe.detail();
			String lower = message.toLowerCase(Locale.ROOT);
			if (poolerMarker != null || isPoolerRefusal(lower)) {
				return pooler(facts, (poolerMarker != null) ? poolerMarker : "it refused the replication connection",
						message);
			}
			if (lower.contains("pg_hba.conf")) {
				return CheckResult.fail(id(), "replication connections are not allowed: " + message,
						"Allow them for role " + facts.role().name() + ": add the line 'host replication "
								+ Identifiers.quote(facts.role().name())
								+ " <this application's address>/32 scram-sha-256' to pg_hba.conf, then run SELECT pg_reload_conf();");
			}
			if (lower.contains("replication role") || lower.contains("wal sender")
					|| lower.contains("permission denied to start")) {
				return CheckResult.fail(id(), "the role may not open a replication connection: " + message,
						ReplicationRoleCheck.action(facts.provider().provider(), facts.role().name()));
			}
			return CheckResult.fail(id(), "a replication connection failed: " + message,
					"Make sure the server accepts replication connections from this host for role "
							+ facts.role().name() + " (pg_hba.conf 'replication' lines, max_wal_senders).");
		}
		if (poolerMarker != null) {
			return pooler(facts, poolerMarker, null);
		}
		return CheckResult.ok(id(), "replication connection works (" + probe.detail() + ")");
	}

	private CheckResult pooler(UpstreamFacts facts, String why, @Nullable String error) {
		Address address = facts.address();
		String found = "the upstream " + address.host() + ":" + address.port() + " is a connection pooler (" + why
				+ ")" + ((error != null) ? ": " + error : "") + "; replication slots need a direct connection";
		return CheckResult.fail(id(), found, poolerAction(facts.provider().provider(), address));
	}

	static String poolerAction(Provider provider, Address address) {
		String host = (address.host() != null) ? address.host().toLowerCase(Locale.ROOT) : "";
		if (provider == Provider.SUPABASE || host.endsWith(".pooler.supabase.com")) {
			return "Use Supabase's \"Direct Connection\" string (db.<project-ref>.supabase.co:5432), not the pooler: "
					+ "set zero.upstream.url=jdbc:postgresql://db.<project-ref>.supabase.co:5432/postgres "
					+ "(the application itself may keep using the pooler).";
		}
		if (host.contains("-pooler.") && host.endsWith(".neon.tech")) {
			return "Use Neon's direct host, without -pooler: set zero.upstream.url=jdbc:postgresql://"
					+ host.replace("-pooler.", ".") + "/<database> (the application itself may keep using the pooler).";
		}
		return "Connect to PostgreSQL itself, not through the pooler: set zero.upstream.url to the server's own "
				+ "host and port (the application itself may keep using the pooler).";
	}

	/**
	 * A host or port that only poolers use, or {@code null}.
	 */
	static @Nullable String poolerMarker(Address address) {
		String host = (address.host() != null) ? address.host().toLowerCase(Locale.ROOT) : "";
		if (host.endsWith(".pooler.supabase.com")) {
			return "host *.pooler.supabase.com is Supabase's pooler";
		}
		if (host.contains("-pooler.") && host.endsWith(".neon.tech")) {
			return "host *-pooler.*.neon.tech is Neon's pooler";
		}
		if (address.port() == 6543) {
			return "port 6543 is Supabase's transaction pooler";
		}
		if (address.port() == 6432 && host.endsWith(".psdb.cloud")) {
			return "port 6432 is PlanetScale's PgBouncer";
		}
		return null;
	}

	private static boolean isPoolerRefusal(String message) {
		return message.contains("unsupported startup parameter") || message.contains("pgbouncer")
				|| message.contains("supavisor") || message.contains("tenant or user not found");
	}

}
