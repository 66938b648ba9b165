package dev.zero.replication;

import dev.zero.change.UpstreamTimeline;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.zero.change.Lsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Positions against a timeline's history: what a promotion keeps and what it lost (pure; the
 * promotions themselves are in {@code FailoverTests}).
 */
class TimelineTests {

	private static final String SYSTEM = "7412345678901234567";

	private static final UpstreamTimeline ONE = new UpstreamTimeline(SYSTEM, 1);

	private static final UpstreamTimeline TWO = new UpstreamTimeline(SYSTEM, 2);

	private static final TimelineHistory HISTORY_OF_THREE = TimelineHistory.parse(3, """
			1	0/3000158	no recovery target specified

			2	0/5000000	no recovery target specified
			""");

	@Test
	void aHistoryFileGivesEachAncestorsSwitchPoint() {
		assertThat(HISTORY_OF_THREE.switchPoint(1)).isEqualTo(Lsn.parse("0/3000158"));
		assertThat(HISTORY_OF_THREE.switchPoint(2)).isEqualTo(Lsn.parse("0/5000000"));
		assertThat(HISTORY_OF_THREE.switchPoint(3)).isNull();
		assertThat(HISTORY_OF_THREE.switchPoint(4)).isNull();
	}

	@Test
	void anAncestorsPositionIsPartOfTheHistoryUpToItsSwitchPoint() {
		assertThat(HISTORY_OF_THREE.contains(1, Lsn.parse("0/3000158"))).isTrue();
		assertThat(HISTORY_OF_THREE.contains(1, Lsn.parse("0/3000159"))).isFalse();
		assertThat(HISTORY_OF_THREE.contains(2, Lsn.parse("0/4FFFFFF"))).isTrue();
		assertThat(HISTORY_OF_THREE.contains(3, Lsn.parse("FF/0"))).isTrue();
		assertThat(HISTORY_OF_THREE.contains(4, Lsn.parse("0/1"))).as("a sibling or a later timeline").isFalse();
	}

	@Test
	void aMalformedHistoryLineIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimelineHistory.parse(2, "1\n"));
	}

	@Test
	void deliveredCommitsPastASwitchPointAreCountedWithTheirTimes() {
		DeliveredCommits delivered = new DeliveredCommits();
		for (int i = 1; i <= 10; i++) {
			delivered.record(Lsn.of(i * 100), Instant.ofEpochSecond(1000 + i));
		}
		DeliveredCommits.Past past = delivered.past(Lsn.of(700));
		assertThat(past.transactions()).isEqualTo(3);
		assertThat(past.first()).isEqualTo(Instant.ofEpochSecond(1008));
		assertThat(past.last()).isEqualTo(Instant.ofEpochSecond(1010));
		assertThat(delivered.past(Lsn.of(1000)).transactions()).isZero();
		delivered.clear();
		assertThat(delivered.past(Lsn.of(0)).transactions()).isZero();
	}

	@Test
	void deliveredCommitsKeepTheLatestWhenMoreArrive() {
		DeliveredCommits delivered = new DeliveredCommits();
		for (int i = 1; i <= DeliveredCommits.CAPACITY + 10; i++) {
			delivered.record(Lsn.of(i), Instant.ofEpochSecond(i));
		}
		assertThat(delivered.past(Lsn.of(0)).transactions()).isEqualTo(DeliveredCommits.CAPACITY);
		assertThat(delivered.past(Lsn.of(0)).first()).isEqualTo(Instant.ofEpochSecond(11));
	}

	@Test
	void aPositionOnTheCurrentTimelineOrWithoutOneNeedsNoHistory() throws SQLException {
		AtomicInteger reads = new AtomicInteger();
		TimelineDivergence.Check check = new TimelineDivergence.Check(TWO, (timeline) -> {
			reads.incrementAndGet();
			return TimelineHistory.parse(2, "1\t0/3000158\tx");
		});
		assertThat(check.check("p", Lsn.of(99_999_999), TWO, null)).isNull();
		assertThat(check.check("p", Lsn.of(99_999_999), null, null)).isNull();
		assertThat(reads).hasValue(0);
		assertThat(check.check("p", Lsn.parse("0/3000100"), ONE, null)).isNull();
		assertThat(check.check("p", Lsn.parse("0/3000200"), ONE, null)).isNotNull();
		assertThat(reads).as("read once").hasValue(1);
	}

	@Test
	void aDivergenceSaysWhatTheNewPrimaryNeverHad() throws SQLException {
		DeliveredCommits delivered = new DeliveredCommits();
		delivered.record(Lsn.parse("0/3000100"), Instant.parse("2026-12-05T10:00:00Z"));
		delivered.record(Lsn.parse("0/3000200"), Instant.parse("2026-12-05T10:00:01Z"));
		delivered.record(Lsn.parse("0/3000300"), Instant.parse("2026-12-05T10:00:02Z"));
		TimelineDivergence divergence = new TimelineDivergence.Check(TWO,
				(timeline) -> TimelineHistory.parse(2, "1\t0/3000158\tx"))
			.check("the listeners", Lsn.parse("0/3000300"), ONE, delivered);
		assertThat(divergence.bytes()).isEqualTo(0x300 - 0x158);
		assertThat(divergence.transactions()).isEqualTo(2);
		assertThat(divergence.describe()).isEqualTo("the listeners reached 0/3000300 on timeline 1 of system " + SYSTEM
				+ ", but timeline 2 of system " + SYSTEM + " continues it only up to 0/3000158: the new primary never "
				+ "had 424 bytes of WAL holding 2 transactions streamed to the listeners committed from 2026-12-05T10:00:01Z to "
				+ "2026-12-05T10:00:02Z");
	}

	@Test
	void anotherClusterIsADivergenceWithoutSwitchPoint() throws SQLException {
		TimelineDivergence divergence = new TimelineDivergence.Check(new UpstreamTimeline("1", 1), (timeline) -> {
			throw new AssertionError("no history is read for another cluster");
		}).check("target kafka", Lsn.of(5), ONE, null);
		assertThat(divergence.switchPoint()).isNull();
		assertThat(divergence.describe()).contains("does not continue");
	}

	@Test
	void plainListenersPastTheSwitchPointResetWhileDatabaseTargetsOnlyForgetThePosition() throws SQLException {
		Acknowledgement acknowledged = new Acknowledgement();
		acknowledged.streamingFrom(ONE);
		acknowledged.restart(Lsn.parse("0/3000300"));
		TimelineDivergence.Check check = new TimelineDivergence.Check(TWO,
				(timeline) -> TimelineHistory.parse(2, "1\t0/3000158\tx"));
		PromotionCheck.Outcome withPlain = PromotionCheck.check(check, acknowledged, new DeliveredCommits(), true,
				Map.of());
		assertThat(withPlain.reset()).isTrue();
		assertThat(withPlain.forgetDelivered()).isFalse();
		PromotionCheck.Outcome onlyDatabase = PromotionCheck.check(check, acknowledged, new DeliveredCommits(), false,
				Map.of());
		assertThat(onlyDatabase.reset()).isFalse();
		assertThat(onlyDatabase.forgetDelivered()).isTrue();
		assertThat(onlyDatabase.divergences()).hasSize(1);
	}

	@Test
	void aTargetOutsideTheUpstreamPastTheSwitchPointResets() throws SQLException {
		Acknowledgement acknowledged = new Acknowledgement();
		TimelineDivergence.Check check = new TimelineDivergence.Check(TWO,
				(timeline) -> TimelineHistory.parse(2, "1\t0/3000158\tx"));
		Map<String, PromotionCheck.Committed> committed = new LinkedHashMap<>();
		committed.put("kafka", new PromotionCheck.Committed(Lsn.parse("0/3000100"), ONE));
		assertThat(PromotionCheck.check(check, acknowledged, new DeliveredCommits(), true, committed))
			.isEqualTo(PromotionCheck.Outcome.NONE);
		committed.put("kafka", new PromotionCheck.Committed(Lsn.parse("0/3000200"), ONE));
		PromotionCheck.Outcome outcome = PromotionCheck.check(check, acknowledged, new DeliveredCommits(), true,
				committed);
		assertThat(outcome.reset()).isTrue();
		assertThat(outcome.divergences()).singleElement()
			.satisfies((divergence) -> assertThat(divergence.party()).isEqualTo("target kafka"));
	}

}
