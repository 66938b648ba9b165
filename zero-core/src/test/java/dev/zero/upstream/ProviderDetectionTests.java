package dev.zero.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider detection from the markers providers leave on their servers, reproduced on a real
 * server. Each test names the public marker it relies on. The markers are database settings
 * (placeholders, as an extension would define them), roles and catalog objects; host-name
 * markers are covered by {@code ProviderDetectorTests}.
 */
class ProviderDetectionTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@AfterEach
	void removeMarkers() {
		TestDatabase database = postgres.database();
		database.execute("ALTER DATABASE \"" + database.name() + "\" RESET ALL",
				"DROP FUNCTION IF EXISTS public.aurora_version()", "DROP SCHEMA IF EXISTS heroku_ext");
		for (String role : ProviderDetector.PROVIDER_ROLES) {
			database.execute("DROP ROLE IF EXISTS \"" + role + "\"");
		}
	}

	@Test
	void plainServerIsSelfHosted() {
		UpstreamReport report = Validation.asAdmin(postgres.database());
		assertThat(report.provider()).isEqualTo(Provider.SELF_HOSTED);
		assertThat(check(report, "provider").found()).isEqualTo("self-hosted");
	}

	@Test
	void rdsByItsRdsSuperuserRole() {
		// RDS creates the rds_superuser role on every instance.
		postgres.database().execute("CREATE ROLE rds_superuser");
		assertDetected(Provider.AWS_RDS, "role rds_superuser");
	}

	@Test
	void rdsByItsRdsExtensionsSetting() {
		// RDS defines rds.extensions (the allow-list of extensions) on every instance.
		setDatabaseSetting("rds.extensions", "pgcrypto,postgis");
		assertDetected(Provider.AWS_RDS, "setting rds.extensions");
	}

	@Test
	void auroraByItsAuroraVersionFunction() {
		// Aurora PostgreSQL has aurora_version(), which RDS for PostgreSQL does not.
		postgres.database()
			.execute("CREATE ROLE rds_superuser",
					"CREATE FUNCTION public.aurora_version() RETURNS text LANGUAGE sql AS $$SELECT '15.4.1'$$");
		assertDetected(Provider.AWS_AURORA, "function aurora_version()");
	}

	@Test
	void cloudSqlByItsSuperuserRoleAndFlags() {
		// Cloud SQL creates cloudsqlsuperuser and exposes its database flags as cloudsql.* settings.
		postgres.database().execute("CREATE ROLE cloudsqlsuperuser");
		setDatabaseSetting("cloudsql.iam_authentication", "off");
		assertDetected(Provider.GOOGLE_CLOUD_SQL, "role cloudsqlsuperuser");
	}

	@Test
	void supabaseByItsAdminRole() {
		// Every Supabase database has the supabase_admin role.
		postgres.database().execute("CREATE ROLE supabase_admin");
		assertDetected(Provider.SUPABASE, "role supabase_admin");
	}

	@Test
	void neonByItsTimelineSetting() {
		// Neon computes set neon.timeline_id and neon.tenant_id.
		setDatabaseSetting("neon.timeline_id", "0123456789abcdef");
		UpstreamReport report = assertDetected(Provider.NEON, "setting neon.timeline_id");
		CheckResult provider = check(report, "provider");
		assertThat(provider.status()).isEqualTo(CheckStatus.WARN);
		assertThat(provider.action()).contains("keeps the Neon compute running").contains("preview branch");
	}

	@Test
	void herokuByItsExtensionSchema() {
		// Heroku Postgres installs extensions into the heroku_ext schema.
		postgres.database().execute("CREATE SCHEMA heroku_ext");
		UpstreamReport report = assertDetected(Provider.HEROKU, "schema heroku_ext");
		assertThat(check(report, "provider").action()).contains("does not grant event triggers");
	}

	private UpstreamReport assertDetected(Provider expected, String marker) {
		UpstreamReport report = Validation.asAdmin(postgres.database());
		assertThat(report.provider()).isEqualTo(expected);
		assertThat(check(report, "provider").found()).startsWith(expected.id()).contains(marker);
		return report;
	}

	private void setDatabaseSetting(String name, String value) {
		TestDatabase database = postgres.database();
		database.execute("ALTER DATABASE \"" + database.name() + "\" SET \"" + name + "\" = '" + value + "'");
	}

}
