package dev.zero.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failing version and WAL level, with each provider's way to fix them, on real servers.
 */
class ProviderActionsTests {

	@RegisterExtension
	static final PostgresExtension replica = PostgresExtension.builder()
		.version(17)
		.setting("wal_level", "replica")
		.build();

	@RegisterExtension
	static final PostgresExtension postgres14 = PostgresExtension.builder()
		.version(14)
		.setting("wal_level", "logical")
		.build();

	@RegisterExtension
	static final PostgresExtension postgres15 = PostgresExtension.builder()
		.version(15)
		.setting("wal_level", "logical")
		.build();

	@AfterEach
	void removeMarkers() {
		TestDatabase database = replica.database();
		database.execute("ALTER DATABASE \"" + database.name() + "\" RESET ALL");
		for (String role : ProviderDetector.PROVIDER_ROLES) {
			database.execute("DROP ROLE IF EXISTS \"" + role + "\"");
		}
		postgres15.database().execute("DROP FUNCTION IF EXISTS public.aurora_version()");
	}

	@Test
	void postgres14FailsTheVersionCheck() {
		CheckResult version = check(Validation.asAdmin(postgres14.database()), "server-version");
		assertThat(version.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(version.found()).startsWith("requires PostgreSQL 15 or higher; this server runs 14.");
		assertThat(version.action()).contains("Upgrade the server to PostgreSQL 15 or later");
	}

	@Test
	void auroraAtOrAbove15Point6PassesTheVersionCheck() {
		// aurora_version() marks Aurora; the packaged PostgreSQL 15 is a recent minor, above Aurora's 15.6
		// (ChecksTests covers an older Aurora).
		postgres15.database()
			.execute("CREATE FUNCTION public.aurora_version() RETURNS text LANGUAGE sql AS $$SELECT '15.6.1'$$");
		UpstreamReport report = Validation.asAdmin(postgres15.database());
		assertThat(report.provider()).isEqualTo(Provider.AWS_AURORA);
		assertThat(Integer.parseInt(postgres15.database().queryForString("SHOW server_version_num")))
			.isGreaterThanOrEqualTo(150006);
		assertThat(check(report, "server-version").status()).isEqualTo(CheckStatus.OK);
	}

	@Test
	void selfHostedGetsTheAlterSystemAndRestartCommands() {
		CheckResult walLevel = check(Validation.asAdmin(replica.database()), "wal-level");
		assertThat(walLevel.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(walLevel.found()).isEqualTo("wal_level is replica; logical replication needs logical");
		assertThat(walLevel.action()).contains("ALTER SYSTEM SET wal_level = 'logical';")
			.contains("data_dir=$(psql -t -A -c 'SHOW data_directory'); pg_ctl -D \"$data_dir\" restart");
	}

	@Test
	void cloudSqlGetsTheLogicalDecodingFlag() {
		replica.database().execute("CREATE ROLE cloudsqlsuperuser");
		CheckResult walLevel = check(Validation.asAdmin(replica.database()), "wal-level");
		assertThat(walLevel.action()).contains("cloudsql.logical_decoding").contains("not set directly");
	}

	@Test
	void rdsGetsTheParameterGroupSetting() {
		replica.database().execute("CREATE ROLE rds_superuser");
		CheckResult walLevel = check(Validation.asAdmin(replica.database()), "wal-level");
		assertThat(walLevel.action()).contains("rds.logical_replication = 1").contains("DB parameter group");
	}

	@Test
	void neonGetsTheProjectSetting() {
		TestDatabase database = replica.database();
		database.execute("ALTER DATABASE \"" + database.name() + "\" SET \"neon.timeline_id\" = 'abc'");
		CheckResult walLevel = check(Validation.asAdmin(database), "wal-level");
		assertThat(walLevel.action()).contains("Neon project's settings").contains("Logical Replication");
	}

	@Test
	void otherProvidersGetTheGenericText() {
		replica.database().execute("CREATE ROLE supabase_admin");
		CheckResult walLevel = check(Validation.asAdmin(replica.database()), "wal-level");
		assertThat(walLevel.action()).startsWith("Set wal_level = logical in Supabase's database settings");
	}

}
