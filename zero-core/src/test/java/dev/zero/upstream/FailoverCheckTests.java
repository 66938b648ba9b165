package dev.zero.upstream;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.upstream.UpstreamFacts.Failover;
import dev.zero.upstream.UpstreamFacts.OtherHost;
import dev.zero.upstream.UpstreamFacts.SlotCopy;
import dev.zero.upstream.UpstreamFacts.StandbySlot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code failover} check judged from facts a single test server cannot have: providers,
 * standbys of older versions, invalidated copies. {@link FailoverTests} runs it against real
 * servers.
 */
class FailoverCheckTests {

	private final FailoverCheck check = new FailoverCheck();

	@Test
	void postgres16WithAStandbyWarnsThatAFailoverResets() {
		UpstreamFacts facts = TestFacts.withFailover(TestFacts.withServer(TestFacts.healthy(), 160004, "16.4"),
				new Failover(null, List.of(), List.of(), 1, List.of()));
		CheckResult result = this.check.evaluate(facts);
		assertThat(result.status()).isEqualTo(CheckStatus.WARN);
		assertThat(result.found()).startsWith("PostgreSQL 16 does not keep slot zero_spring_0 through a promotion");
		assertThat(result.action()).contains("upgrade to PostgreSQL 17").contains("resets (reason failover)");
	}

	@Test
	void slotWithoutTheFailoverFlagWarnsWhereAStandbyIsSeen() {
		CheckResult withStandby = this.check
			.evaluate(TestFacts.withFailover(TestFacts.healthy(), new Failover(false, List.of(), List.of(), 1, List.of())));
		assertThat(withStandby.status()).isEqualTo(CheckStatus.WARN);
		assertThat(withStandby.found()).contains("slot zero_spring_0 has failover = false: a promotion does not keep it");
		CheckResult alone = this.check
			.evaluate(TestFacts.withFailover(TestFacts.healthy(), new Failover(false, List.of(), List.of(), 0, List.of())));
		assertThat(alone.status()).isEqualTo(CheckStatus.OK);
		assertThat(alone.found()).isEqualTo("slot zero_spring_0 has failover = false; no standby seen");
	}

	@Test
	void missingOrInvalidatedSlotInSynchronizedStandbySlotsIsAStall() {
		Failover failover = new Failover(true, List.of("missing", "lost_one", "ok_one"),
				List.of(new StandbySlot("missing", false, false, false, null),
						new StandbySlot("lost_one", true, true, false, "wal_removed"),
						new StandbySlot("ok_one", true, true, true, null)),
				2, List.of());
		CheckResult result = this.check.evaluate(TestFacts.withFailover(TestFacts.healthy(), failover));
		assertThat(result.status()).isEqualTo(CheckStatus.WARN);
		assertThat(result.found()).startsWith("LOGICAL REPLICATION STALLS: synchronized_standby_slots names missing, "
				+ "which does not exist")
			.contains("lost_one, which was invalidated (wal_removed)");
		assertThat(result.action()).startsWith("Now: ")
			.contains("ALTER SYSTEM SET synchronized_standby_slots = '\"ok_one\"';");
	}

	@Test
	void standbyWhoseCopyWasInvalidatedOrOfAnOlderVersionWarns() {
		Failover failover = new Failover(true, List.of("s1"), List.of(new StandbySlot("s1", true, true, true, null)), 1,
				List.of(new OtherHost("db2:5432", null, true, 170002, new SlotCopy(true, "rows_removed", true)),
						new OtherHost("db3:5432", null, true, 160004, null),
						new OtherHost("db4:5432", null, false, 170002, null),
						new OtherHost("db5:5432", null, true, 170002, new SlotCopy(true, null, false, true))));
		CheckResult result = this.check.evaluate(TestFacts.withFailover(TestFacts.healthy(), failover));
		assertThat(result.status()).isEqualTo(CheckStatus.WARN);
		assertThat(result.found())
			.contains("db2:5432 is a standby whose copy of slot zero_spring_0 was invalidated (rows_removed)")
			.contains("db3:5432 is a standby (PostgreSQL 16), which cannot hold a synchronized copy")
			.contains("db4:5432 is not in recovery")
			.contains("db5:5432 is a standby whose copy of slot zero_spring_0 is still temporary");
	}

	@Test
	void actionIsWordedForTheProvider() {
		UpstreamFacts facts = TestFacts.withFailover(TestFacts.healthy(),
				new Failover(false, List.of(), List.of(), 1, List.of()));
		assertThat(this.check.evaluate(facts).action()).contains("sync_replication_slots = on")
			.contains("hot_standby_feedback = on")
			.contains("primary_slot_name")
			.contains("dbname=")
			.contains("Patroni")
			.contains("permanent_slots");
		assertThat(this.check.evaluate(TestFacts.withProvider(facts, Provider.AWS_RDS)).action())
			.contains("rds.logical_slot_sync_dbname")
			.contains("Multi-AZ DB cluster");
		assertThat(this.check.evaluate(TestFacts.withProvider(facts, Provider.GOOGLE_CLOUD_SQL)).action())
			.contains("Enterprise Plus")
			.contains("expect a reset (reason failover)");
	}

	@Test
	void singleServerWithoutStandbysPasses() {
		CheckResult result = this.check.evaluate(TestFacts.healthy());
		assertThat(result.status()).isEqualTo(CheckStatus.OK);
		assertThat(result.found()).isEqualTo("slot zero_spring_0 does not exist yet; no standby seen");
	}

	@Test
	void parsesQuotedSlotNames() {
		assertThat(FailoverInspector.parseSlotList(" a, \"B c\" ,\"d\"\"e\"")).containsExactly("a", "B c", "d\"e");
		assertThat(FailoverInspector.parseSlotList("")).isEmpty();
		assertThat(FailoverInspector.parseSlotList(null)).isEmpty();
	}

}
