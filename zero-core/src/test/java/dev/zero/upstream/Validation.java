package dev.zero.upstream;

import java.util.List;

import dev.zero.embedded.junit.TestDatabase;
import dev.zero.shard.ShardId;

/**
 * Runs the validator against a test database as a given role.
 */
final class Validation {

	static final ShardId SHARD = new ShardId("zero", 0);

	private Validation() {
	}

	static UpstreamReport asAdmin(TestDatabase database) {
		return as(database, database.username(), database.password(), InspectionSettings.defaults(SHARD));
	}

	static UpstreamReport as(TestDatabase database, String role, String password) {
		return as(database, role, password, InspectionSettings.defaults(SHARD));
	}

	static UpstreamReport as(TestDatabase database, String role, String password, InspectionSettings settings) {
		return new UpstreamValidator(Upstream.of(database.jdbcUrl(), role, password, "zero/test"), settings).validate();
	}

	static InspectionSettings withAppPublications(String... names) {
		return new InspectionSettings(SHARD, SHARD.defaultSlotName(), List.of(names), List.of("public"),
				InspectionSettings.DEFAULT_LARGE_DATABASE_BYTES);
	}

	static CheckResult check(UpstreamReport report, String id) {
		return report.check(id).orElseThrow(() -> new AssertionError("no check " + id + " in " + report.checks()));
	}

}
