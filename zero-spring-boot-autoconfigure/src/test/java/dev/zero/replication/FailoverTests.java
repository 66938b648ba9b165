package dev.zero.replication;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.zero.autoconfigure.SpringTargetTransactions;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.change.ResetReason;
import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.target.DatabaseTarget;
import dev.zero.target.PositionStore;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real promotions of a real standby, under a writer, with a multi-host URL
 * ({@code targetServerType=primary}) for the application, the checks and the stream: a
 * standby that synchronizes the slot (17+) takes over with nothing lost and no reset; a
 * standby that was behind takes over without one new-timeline row skipped, and what it lost is
 * reported; a standby of 16, which keeps no logical slot, resets with reason {@code failover}.
 */
class FailoverTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	private FailoverPair pair;

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	@ParameterizedTest(name = "PostgreSQL {0}")
	@ValueSource(ints = { 17, 18 })
	void aStandbyThatSynchronizesTheSlotTakesOverWithNothingLostAndNoReset(int version) throws Exception {
		pair(version);
		// the primary sends nothing to logical consumers before the standby has it
		this.pair.synchronizeStandbySlot();
		String url = this.pair.url();
		Shard shard = shard(url, "insync", true);
		FailoverPair.Writer writer = writer();
		await().atMost(WAIT).until(() -> shard.view.size() > 300);
		this.pair.awaitSyncedCopy("insync_spring_0");

		long crashed = System.nanoTime();
		this.pair.failOver();
		await().atMost(WAIT).until(() -> {
			ReplicationStatus status = shard.worker.status();
			return status.state() == ReplicationState.STREAMING && status.source() != null
					&& status.source().timeline().timeline() == 2;
		});
		long streamingAgain = System.nanoTime() - crashed;
		long before = writer.committed();
		await().atMost(WAIT).until(() -> writer.committed() > before + 200);
		writer.close();

		awaitConverged(shard);
		ReplicationStatus status = shard.worker.status();
		assertThat(status.lastResetReason()).as("no reset").isEqualTo(ResetReason.INITIAL);
		assertThat(shard.resets).containsExactly(ResetReason.INITIAL);
		assertThat(status.source().server()).isEqualTo("127.0.0.1:" + this.pair.standby().port());
		assertThat(status.divergence()).isNull();
		assertThat(streamingAgain).as("streaming again within 30 s of the crash")
			.isLessThan(Duration.ofSeconds(30).toNanos());
		System.out.printf("PostgreSQL %d: crash of the primary to streaming from the promoted standby: %d ms%n",
				version, Duration.ofNanos(streamingAgain).toMillis());
	}

	@Test
	void aLaggingStandbyTakesOverWithoutSkippingANewTimelineRowAndReportsWhatItLost() throws Exception {
		pair(17);
		String url = this.pair.url();
		// plain listeners beside the transactional ones: they saw what the new primary lost
		Shard plain = shard(url, "lagplain", true);
		// transactional listeners only: their effects and position were lost with the WAL
		Shard transactional = shard(url, "lagtx", false);
		FailoverPair.Writer writer = writer();
		await().atMost(WAIT).until(() -> plain.view.size() > 200 && transactional.count() > 200);
		this.pair.awaitSyncedCopy("lagplain_spring_0");
		this.pair.awaitSyncedCopy("lagtx_spring_0");

		this.pair.standby().disconnectFromPrimary();
		long behind = writer.committed();
		await().atMost(WAIT).until(() -> plain.view.size() > behind + 300 && transactional.count() > behind + 300);
		writer.close();
		long deliveredOnTheOldPrimary = plain.view.size();
		this.pair.failOver();

		FailoverPair.Writer after = writer();
		await().atMost(WAIT).until(() -> after.committed() > 300);
		after.close();

		awaitConverged(plain);
		awaitConverged(transactional);
		assertThat(deliveredOnTheOldPrimary).as("the standby was behind what was delivered")
			.isGreaterThan(this.pair.idsOnTheNewPrimary().size() - after.committed());
		assertThat(plain.worker.status().lastResetReason()).isEqualTo(ResetReason.TIMELINE_DIVERGED);
		assertThat(plain.resets).containsExactly(ResetReason.INITIAL, ResetReason.TIMELINE_DIVERGED);
		assertThat(plain.worker.status().divergence()).contains("the listeners reached", "the new primary never had",
				"streamed to the listeners");
		assertThat(transactional.worker.status().lastResetReason()).as("no reset").isEqualTo(ResetReason.INITIAL);
		assertThat(transactional.worker.status().divergence()).contains("the new primary never had");
	}

	@Test
	void aPromotedStandbyOf16HasNoSlotAndResetsWithReasonFailover() throws Exception {
		pair(16);
		String url = this.pair.url();
		Shard shard = shard(url, "old", true);
		FailoverPair.Writer writer = writer();
		await().atMost(WAIT).until(() -> shard.view.size() > 200);
		this.pair.failOver();
		long before = writer.committed();
		await().atMost(WAIT).until(() -> writer.committed() > before + 200);
		writer.close();
		awaitConverged(shard);
		assertThat(shard.worker.status().lastResetReason()).isEqualTo(ResetReason.FAILOVER);
		assertThat(shard.resets).containsExactly(ResetReason.INITIAL, ResetReason.FAILOVER);
	}

	private void pair(int version) {
		this.pair = FailoverPair.start(version);
		this.cleanup.add(this.pair);
	}

	/**
	 * A shard streaming {@code item} into a set of ids (plain listener, if asked) and into
	 * {@code item_count} (a transactional listener, counting inserts exactly once).
	 */
	private Shard shard(String url, String appId, boolean plain) throws SQLException {
		ShardId id = new ShardId(appId, 0);
		try (Connection connection = this.pair.connect()) {
			new PublicationProvisioner(new PublicationSettings(id, List.of("items"), List.of("public"),
					ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, this.pair.username(),
				this.pair.password());
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Shard shard = new Shard(appId, jdbc, plain);
		ChangeListener counting = new ChangeListener() {

			@Override
			public void onReset(Reset reset) {
				jdbc.update("DELETE FROM item_count WHERE app = ?", appId);
			}

			@Override
			public void onChange(Change change) {
				if (change instanceof Insert) {
					jdbc.update("INSERT INTO item_count VALUES (?, 1) ON CONFLICT (app) DO UPDATE SET n = item_count.n + 1",
							appId);
				}
			}

		};
		DatabaseTarget target = new DatabaseTarget(id,
				new SpringTargetTransactions(new DataSourceTransactionManager(dataSource), dataSource), List.of(counting),
				PositionStore.ORIGIN);
		Upstream upstream = Upstream.of(url, this.pair.username(), this.pair.password(), "zero/test-failover");
		shard.worker = new ReplicationWorker(upstream, id,
				new ReplicationSettings(appId + "_spring_0", Duration.ofSeconds(1), true, Duration.ofSeconds(5)),
				() -> plain ? List.of(shard.plainListener()) : List.of(), () -> List.of(target), DeliverySettings.DEFAULTS,
				ReplicationMetrics.NONE);
		shard.worker.start(List.of("items"));
		this.cleanup.add(shard.worker::stop);
		await().atMost(WAIT).until(() -> shard.worker.status().state() == ReplicationState.STREAMING);
		return shard;
	}

	/**
	 * The standby's copy of the slot is synchronized and persistent: a copy still temporary
	 * (it has not caught up with the primary's yet) is dropped by a promotion.
	 */
	/** Every row of the final primary delivered (and counted exactly once). */
	private void awaitConverged(Shard shard) {
		await().atMost(WAIT).untilAsserted(() -> {
			Set<Long> rows = this.pair.idsOnTheNewPrimary();
			if (shard.plain) {
				assertThat(new TreeSet<>(shard.view)).isEqualTo(rows);
			}
			assertThat(shard.count()).isEqualTo(rows.size());
		});
	}

	private FailoverPair.Writer writer() {
		FailoverPair.Writer writer = this.pair.writer();
		this.cleanup.add(writer);
		return writer;
	}

	/** A shard's worker and what its listeners kept. */
	private static final class Shard {

		final String appId;

		final JdbcTemplate jdbc;

		final Set<Long> view = ConcurrentHashMap.newKeySet();

		final List<ResetReason> resets = new java.util.concurrent.CopyOnWriteArrayList<>();

		final boolean plain;

		ReplicationWorker worker;

		Shard(String appId, JdbcTemplate jdbc, boolean plain) {
			this.appId = appId;
			this.jdbc = jdbc;
			this.plain = plain;
		}

		ChangeListener plainListener() {
			return new ChangeListener() {

				@Override
				public void onReset(Reset reset) {
					Shard.this.view.clear();
					Shard.this.resets.add(reset.reason());
				}

				@Override
				public void onChange(Change change) {
					if (change instanceof Insert insert) {
						Shard.this.view.add(insert.row().getLong("id"));
					}
				}

			};
		}

		long count() {
			try {
				List<Long> n = this.jdbc.queryForList("SELECT n FROM item_count WHERE app = ?", Long.class, this.appId);
				return n.isEmpty() ? 0 : n.get(0);
			}
			catch (RuntimeException ex) {
				// between the crash and the promotion
				return -1;
			}
		}

	}

}
