package dev.zero.upstream;

/**
 * {@code server-version}: logical replication as the starter uses it needs PostgreSQL 15 or
 * later ({@code server_version_num}); on Aurora, 15.6 or later.
 */
final class ServerVersionCheck implements UpstreamCheck {

	static final int MINIMUM = 150000;

	static final int AURORA_MINIMUM = 150006;

	@Override
	public String id() {
		return "server-version";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		UpstreamFacts.Server server = facts.server();
		String version = server.version();
		if (!server.banner().startsWith("PostgreSQL")) {
			return CheckResult.fail(id(), "the server is not PostgreSQL: " + server.banner(),
					"Point the upstream at a PostgreSQL 15+ server; other databases that speak the PostgreSQL "
							+ "protocol do not have PostgreSQL's logical replication.");
		}
		if (server.versionNum() < MINIMUM) {
			return CheckResult.fail(id(), "requires PostgreSQL 15 or higher; this server runs " + version,
					"Upgrade the server to PostgreSQL 15 or later (pg_upgrade, or your provider's major version upgrade).");
		}
		if (facts.provider().provider() == Provider.AWS_AURORA && server.versionNum() < AURORA_MINIMUM) {
			return CheckResult.fail(id(), "requires Aurora PostgreSQL 15.6 or higher; this cluster runs " + version,
					"Upgrade the Aurora cluster to 15.6 or later (modify the DB cluster's engine version).");
		}
		return CheckResult.ok(id(), "PostgreSQL " + version);
	}

}
