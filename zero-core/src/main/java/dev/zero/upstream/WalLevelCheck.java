package dev.zero.upstream;

/**
 * {@code wal-level}: logical decoding needs {@code wal_level = logical} (the effective level
 * where the server reports one). How to get there depends on the provider.
 */
final class WalLevelCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "wal-level";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		String level = facts.server().walLevel();
		if ("logical".equals(level)) {
			return CheckResult.ok(id(), "wal_level is logical");
		}
		return CheckResult.fail(id(), "wal_level is " + level + "; logical replication needs logical",
				action(facts.provider().provider()));
	}

	static String action(Provider provider) {
		return switch (provider) {
			case GOOGLE_CLOUD_SQL -> "Turn on the instance flag cloudsql.logical_decoding (gcloud sql instances patch "
					+ "INSTANCE --database-flags=cloudsql.logical_decoding=on; the instance restarts). "
					+ "wal_level is not set directly on Cloud SQL.";
			case AWS_RDS -> "Set rds.logical_replication = 1 in the instance's DB parameter group (a custom group, "
					+ "not the default one) and reboot the instance.";
			case AWS_AURORA -> "Set rds.logical_replication = 1 in the DB cluster parameter group and reboot the "
					+ "writer instance.";
			case NEON -> "Enable logical replication in the Neon project's settings (Settings > Logical Replication); "
					+ "this restarts the project's computes and cannot be undone.";
			case SELF_HOSTED -> "Run: ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL "
					+ "(data_dir=$(psql -t -A -c 'SHOW data_directory'); pg_ctl -D \"$data_dir\" restart) "
					+ "and check that SHOW wal_level prints logical.";
			default -> "Set wal_level = logical in " + provider.displayName()
					+ "'s database settings (ALTER SYSTEM SET wal_level = 'logical'; where you are allowed to), "
					+ "restart the server, and check that SHOW wal_level prints logical.";
		};
	}

}
