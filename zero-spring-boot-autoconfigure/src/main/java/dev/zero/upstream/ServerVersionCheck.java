package dev.zero.upstream;

/**
 * {@code server-version}: logical replication as the starter uses it needs PostgreSQL 15 or
 * later ({@code server_version_num}).
 */
final class ServerVersionCheck implements UpstreamCheck {

	static final int MINIMUM = 150000;

	@Override
	public String id() {
		return "server-version";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		String version = facts.serverVersion();
		if (facts.serverVersionNum() < MINIMUM) {
			return CheckResult.fail(id(), "requires PostgreSQL 15 or higher; this server runs " + version,
					"Upgrade the server to PostgreSQL 15 or later (pg_upgrade, or your provider's major version upgrade).");
		}
		return CheckResult.ok(id(), "PostgreSQL " + version);
	}

}
