package dev.zero.upstream;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider note of a compute that scales to zero: what to set while the starter holds its
 * connections for ever, and after how long it lets the compute sleep once it does not.
 */
class ProviderCheckTests {

	private final ProviderCheck check = new ProviderCheck();

	@Test
	void neonWithoutIdleReleaseWarnsWithWhatToSet() {
		CheckResult result = this.check.evaluate(TestFacts.withProvider(TestFacts.healthy(), Provider.NEON));
		assertThat(result.status()).isEqualTo(CheckStatus.WARN);
		assertThat(result.action()).startsWith(Provider.NEON.note())
			.contains("set zero.replication.idle-release (for example zero.replication.idle-release=5m)");
	}

	@Test
	void neonWithIdleReleaseSaysTheComputeCanSleepAndAfterHowLong() {
		UpstreamFacts facts = TestFacts.withProvider(TestFacts.healthy(), Provider.NEON);
		CheckResult result = this.check.evaluate(withIdleRelease(facts, Duration.ofMinutes(5)));
		assertThat(result.status()).isEqualTo(CheckStatus.OK);
		assertThat(result.found()).startsWith("neon. The Neon compute can sleep: after 5m without changes")
			.contains("the slot retains WAL meanwhile");
	}

	@Test
	void providersThatDoNotScaleToZeroKeepTheirNote() {
		assertThat(Provider.AWS_RDS.note(Duration.ofMinutes(5))).isEqualTo(Provider.AWS_RDS.note());
		assertThat(Provider.RENDER.note(null)).isEqualTo(Provider.RENDER.note());
	}

	@Test
	void durationsAreWordedAsAPropertyWouldSayThem() {
		assertThat(Provider.words(Duration.ofMillis(300))).isEqualTo("300ms");
		assertThat(Provider.words(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Provider.words(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(Provider.words(Duration.ofHours(2))).isEqualTo("2h");
	}

	private static UpstreamFacts withIdleRelease(UpstreamFacts facts, Duration idleRelease) {
		return new UpstreamFacts(facts.server(), facts.role(), facts.capacity(), facts.publications(), facts.probes(),
				facts.provider(), facts.address(), facts.settings().withIdleRelease(idleRelease), facts.failover());
	}

}
