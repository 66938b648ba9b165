package dev.zero.upstream;

import dev.zero.sql.Identifiers;

/**
 * {@code replication-role}: the connecting role may create and read replication slots: it
 * has the REPLICATION attribute, is a superuser, or (on RDS and Aurora) belongs to
 * {@code rds_replication} or {@code rds_superuser}.
 */
final class ReplicationRoleCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "replication-role";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		UpstreamFacts.Role role = facts.role();
		if (role.superuser()) {
			return CheckResult.ok(id(), "role " + role.name() + " is a superuser");
		}
		if (role.replication()) {
			return CheckResult.ok(id(), "role " + role.name() + " has the REPLICATION attribute");
		}
		for (String group : new String[] { "rds_replication", "rds_superuser" }) {
			if (role.memberOf().contains(group)) {
				return CheckResult.ok(id(), "role " + role.name() + " is a member of " + group);
			}
		}
		return CheckResult.fail(id(), "role " + role.name() + " may not replicate (no REPLICATION attribute, "
				+ "not a superuser)", action(facts.provider().provider(), role.name()));
	}

	static String action(Provider provider, String role) {
		String quoted = Identifiers.quote(role);
		if (provider == Provider.AWS_RDS || provider == Provider.AWS_AURORA) {
			return "As the master user, run: GRANT rds_replication TO " + quoted + ";";
		}
		return "As a superuser (or the provider's admin role), run: ALTER ROLE " + quoted + " WITH REPLICATION;";
	}

}
