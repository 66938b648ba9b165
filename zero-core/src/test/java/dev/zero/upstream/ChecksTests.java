package dev.zero.upstream;

import org.junit.jupiter.api.Test;

import dev.zero.upstream.UpstreamFacts.Probe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks judged from facts that a local test server cannot have: provider host names,
 * provider version numbers, remote unencrypted connections. Everything a real server can
 * show is tested against one in the other tests of this package.
 */
class ChecksTests {

	@Test
	void auroraBelow15Point6Fails() {
		UpstreamFacts aurora = TestFacts.withProvider(TestFacts.withServer(TestFacts.healthy(), 150004, "15.4"),
				Provider.AWS_AURORA);
		CheckResult version = new ServerVersionCheck().evaluate(aurora);
		assertThat(version.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(version.found()).isEqualTo("requires Aurora PostgreSQL 15.6 or higher; this cluster runs 15.4");
		assertThat(new ServerVersionCheck().evaluate(TestFacts.withServer(aurora, 150006, "15.6")).status())
			.isEqualTo(CheckStatus.OK);
	}

	@Test
	void supabasePoolerHostFailsEvenWhenTheConnectionWorks() {
		UpstreamFacts facts = TestFacts.withAddress(TestFacts.healthy(), "aws-0-eu-central-1.pooler.supabase.com",
				6543, "require");
		CheckResult direct = new DirectConnectionCheck().evaluate(facts);
		assertThat(direct.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(direct.found()).contains("Supabase's pooler");
		assertThat(direct.action()).contains("\"Direct Connection\"").contains("db.<project-ref>.supabase.co:5432")
			.contains("zero.upstream.url");
	}

	@Test
	void supabaseTransactionPoolerPortFails() {
		UpstreamFacts facts = TestFacts.withAddress(TestFacts.healthy(), "10.1.2.3", 6543, null);
		assertThat(new DirectConnectionCheck().evaluate(facts).found()).contains("port 6543");
	}

	@Test
	void neonPoolerHostGetsTheDirectHostName() {
		UpstreamFacts facts = TestFacts.withProbes(
				TestFacts.withAddress(TestFacts.healthy(), "ep-cool-frog-123-pooler.us-east-2.aws.neon.tech", 5432,
						"require"),
				Probe.failed("ERROR: unsupported startup parameter: replication"), Probe.succeeded("ok"));
		CheckResult direct = new DirectConnectionCheck().evaluate(facts);
		assertThat(direct.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(direct.action()).contains("jdbc:postgresql://ep-cool-frog-123.us-east-2.aws.neon.tech/");
	}

	@Test
	void pgHbaRefusalNamesTheLineToAdd() {
		UpstreamFacts facts = TestFacts.withProbes(TestFacts.healthy(), Probe.failed(
				"FATAL: no pg_hba.conf entry for replication connection from host \"10.0.0.9\", user \"app\", no encryption"),
				Probe.succeeded("ok"));
		CheckResult direct = new DirectConnectionCheck().evaluate(facts);
		assertThat(direct.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(direct.action()).contains("host replication \"app\"").contains("pg_reload_conf()");
	}

	@Test
	void supabaseBefore15Point8IsToldThatUpgradingGrantsEventTriggers() {
		UpstreamFacts facts = TestFacts.withProvider(
				TestFacts.withProbes(TestFacts.withServer(TestFacts.healthy(), 150006, "15.6"), Probe.succeeded("ok"),
						Probe.failed("permission denied to create event trigger")),
				Provider.SUPABASE);
		CheckResult eventTriggers = new EventTriggerCheck().evaluate(facts);
		assertThat(eventTriggers.status()).isEqualTo(CheckStatus.WARN);
		assertThat(eventTriggers.action()).contains("15.8.1.083");
	}

	@Test
	void remoteUnencryptedConnectionWarnsButFlyIsExpectedToBePlain() {
		UpstreamFacts remote = TestFacts.withAddress(TestFacts.healthy(), "db.example.com", 5432, "disable");
		CheckResult tls = new TlsCheck().evaluate(remote);
		assertThat(tls.status()).isEqualTo(CheckStatus.WARN);
		assertThat(tls.action()).contains("sslmode=require");
		UpstreamFacts fly = TestFacts.withProvider(TestFacts.withAddress(TestFacts.healthy(), "my-db.flycast", 5432,
				"disable"), Provider.FLY);
		CheckResult flyTls = new TlsCheck().evaluate(fly);
		assertThat(flyTls.status()).isEqualTo(CheckStatus.OK);
		assertThat(flyTls.found()).contains("Fly's private network");
	}

	@Test
	void rdsRoleGetsTheRdsReplicationGrant() {
		UpstreamFacts facts = TestFacts.withProvider(TestFacts.healthy(), Provider.AWS_RDS);
		UpstreamFacts.Role role = new UpstreamFacts.Role("app", false, false, java.util.Set.of(), true);
		UpstreamFacts noReplication = new UpstreamFacts(facts.server(), role, facts.capacity(), facts.publications(),
				facts.probes(), facts.provider(), facts.address(), facts.settings(), facts.failover());
		CheckResult check = new ReplicationRoleCheck().evaluate(noReplication);
		assertThat(check.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(check.action()).isEqualTo("As the master user, run: GRANT rds_replication TO \"app\";");
		UpstreamFacts member = new UpstreamFacts(facts.server(),
				new UpstreamFacts.Role("app", false, false, java.util.Set.of("rds_replication"), true), facts.capacity(),
				facts.publications(), facts.probes(), facts.provider(), facts.address(), facts.settings(),
				facts.failover());
		assertThat(new ReplicationRoleCheck().evaluate(member).status()).isEqualTo(CheckStatus.OK);
	}

}
