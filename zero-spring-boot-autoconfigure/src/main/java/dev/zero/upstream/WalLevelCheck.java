package dev.zero.upstream;

/**
 * {@code wal-level}: logical decoding needs {@code wal_level = logical}.
 */
final class WalLevelCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "wal-level";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		String level = facts.walLevel();
		if ("logical".equals(level)) {
			return CheckResult.ok(id(), "wal_level is logical");
		}
		return CheckResult.fail(id(), "wal_level is " + level + "; logical replication needs logical",
				"Run: ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL "
						+ "(data_dir=$(psql -t -A -c 'SHOW data_directory'); pg_ctl -D \"$data_dir\" restart) "
						+ "and check that SHOW wal_level prints logical.");
	}

}
