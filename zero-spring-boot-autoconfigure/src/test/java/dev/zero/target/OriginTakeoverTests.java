package dev.zero.target;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.zero.autoconfigure.SpringTargetTransactions;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.replication.DeliverySettings;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.test.ForkedJvm;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A restarted instance takes the replication origin over from the backend of a killed one that
 * was busy in a statement (it would hold the origin until the statement ends): it ends that
 * backend, and only it, and its transactional listener streams again within seconds. A backend
 * of this version's listeners does not even need it: it checks its client while busy.
 */
class OriginTakeoverTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final ShardId SHARD = new ShardId("takeover", 0);

	private static final String SLOT = "takeover_spring_0";

	/** A same role's session that holds another shard's origin: never to be ended. */
	private static final String OTHER_ORIGIN = new ShardId("takeover", 1).replicationOrigin();

	/** The line in which the holder tells its backend, whole. */
	private static final Pattern HOLDING = Pattern.compile("^holding (\\d+)\\R", Pattern.MULTILINE);

	private final List<ReplicationWorker> workers = new ArrayList<>();

	private final List<ForkedJvm> holders = new ArrayList<>();

	@TempDir
	Path work;

	@BeforeAll
	static void provision() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE task (id bigint PRIMARY KEY)", "CREATE PUBLICATION takeover_pub FOR TABLE task");
		try (Connection connection = database.connect()) {
			new PublicationProvisioner(new PublicationSettings(SHARD, List.of("takeover_pub"), List.of("public"),
					ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
	}

	@AfterEach
	void cleanUp() throws InterruptedException {
		this.workers.forEach(ReplicationWorker::stop);
		for (ForkedJvm holder : this.holders) {
			holder.kill();
		}
		postgres.database()
			.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + SLOT
					+ "'", "SELECT pg_replication_origin_drop(roname) FROM pg_replication_origin WHERE roname IN ('"
							+ SHARD.replicationOrigin() + "', '" + OTHER_ORIGIN + "')");
	}

	@Test
	void endsTheOriginsHolderLeftByAKilledInstanceAndStreamsAgainWithinSeconds() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("INSERT INTO task VALUES (1)", "SELECT pg_replication_origin_create('" + OTHER_ORIGIN + "')");
		List<Long> first = new CopyOnWriteArrayList<>();
		ReplicationWorker leader = start(database, first);
		database.execute("INSERT INTO task VALUES (2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> first.contains(2L));
		leader.stop();

		ForkedJvm killed = holdOrigin(database, "raw");
		int holder = holderPid(killed);
		try (Connection bystander = database.connect()) {
			bystander.setAutoCommit(false);
			int bystanderPid = setUpOrigin(bystander, OTHER_ORIGIN);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "PgSleep".equals(database
					.queryForString("SELECT coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = " + holder)));
			killed.kill();
			long killedAt = System.nanoTime();

			List<Long> second = new CopyOnWriteArrayList<>();
			start(database, second);
			database.execute("INSERT INTO task VALUES (3)");
			await().atMost(Duration.ofSeconds(5)).until(() -> second.contains(3L));
			System.out.printf("takeover: streaming again %d ms after the holder's JVM was killed%n",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

			assertThat(database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + holder))
				.as("the killed instance's backend").isZero();
			try (PreparedStatement check = bystander
				.prepareStatement("SELECT pg_backend_pid(), pg_replication_origin_session_is_setup()");
					ResultSet row = check.executeQuery()) {
				row.next();
				assertThat(row.getInt(1)).isEqualTo(bystanderPid);
				assertThat(row.getBoolean(2)).as("the bystander still holds its origin").isTrue();
			}
			bystander.rollback();
			try (PreparedStatement reset = bystander.prepareStatement("SELECT pg_replication_origin_session_reset()")) {
				reset.execute();
			}
		}
	}

	@Test
	void aRoleThatMayNotEndTheHolderIsToldToGrantPgSignalBackend() throws Exception {
		TestDatabase database = postgres.database();
		String role = postgres.createRole("taker", "LOGIN", "taker-secret");
		database.execute("GRANT USAGE ON SCHEMA \"" + SHARD.internalSchema() + "\" TO " + role,
				"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA \"" + SHARD.internalSchema() + "\" TO " + role);
		for (String function : List.of("pg_replication_origin_create", "pg_replication_origin_oid",
				"pg_replication_origin_session_setup", "pg_replication_origin_session_reset",
				"pg_replication_origin_xact_setup", "pg_replication_origin_progress",
				"pg_replication_origin_session_is_setup")) {
			database.execute("GRANT EXECUTE ON FUNCTION " + function + " TO " + role);
		}
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), role, "taker-secret");
		SpringTargetTransactions transactions = new SpringTargetTransactions(
				new DataSourceTransactionManager(dataSource), dataSource);
		DatabaseTarget target = new DatabaseTarget(SHARD, transactions, List.of(), PositionStore.ORIGIN);
		target.open();
		// a superuser's session: a role without the SUPERUSER attribute may not end it
		try (Connection holder = database.connect()) {
			holder.setAutoCommit(false);
			int pid = setUpOrigin(holder, SHARD.replicationOrigin());
			assertThatExceptionOfType(SQLException.class).isThrownBy(target::begin)
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"))
				.withMessageContaining("backend " + pid)
				.withMessageContaining("GRANT pg_signal_backend");
			holder.rollback();
			try (PreparedStatement reset = holder.prepareStatement("SELECT pg_replication_origin_session_reset()")) {
				reset.execute();
			}
		}
		target.close();
	}

	private ReplicationWorker start(TestDatabase database, List<Long> seen) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password());
		ChangeListener listener = new ChangeListener() {

			@Override
			public void onChange(Change change) {
				if (change instanceof Insert insert) {
					seen.add(insert.row().getLong("id"));
				}
			}

		};
		DatabaseTarget target = new DatabaseTarget(SHARD,
				new SpringTargetTransactions(new DataSourceTransactionManager(dataSource), dataSource), List.of(listener),
				PositionStore.ORIGIN);
		ReplicationWorker worker = new ReplicationWorker(
				Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test-takeover"), SHARD,
				new ReplicationSettings(SLOT, Duration.ofSeconds(1), false, Duration.ofSeconds(5)), List::of,
				() -> List.of(target), DeliverySettings.DEFAULTS, ReplicationMetrics.NONE);
		this.workers.add(worker);
		worker.start(List.of("takeover_pub"));
		return worker;
	}

	@Test
	void aKilledListenersBusyBackendLetsTheOriginGoOnItsOwn() throws Exception {
		TestDatabase database = postgres.database();
		ForkedJvm killed = holdOrigin(database, "target");
		int holder = holderPid(killed);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "PgSleep".equals(database
				.queryForString("SELECT coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = " + holder)));
		killed.kill();
		long killedAt = System.nanoTime();
		// the transaction checks its client every second (client_connection_check_interval)
		await().atMost(Duration.ofSeconds(3))
			.until(() -> database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + holder) == 0);
		System.out.printf("takeover: the busy backend ended %d ms after its JVM was killed%n",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
	}

	private ForkedJvm holdOrigin(TestDatabase database, String mode) throws Exception {
		ForkedJvm holder = ForkedJvm.start(OriginHolderMain.class, 64, this.work.resolve("holder-" + mode + ".log"),
				database.jdbcUrl(), database.username(), database.password(), SHARD.appId(), mode);
		this.holders.add(holder);
		return holder;
	}

	/** The backend the holder says it holds the origin in (its log lines come first). */
	private static int holderPid(ForkedJvm holder) throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> holding(holder).find() || !holder.isAlive());
		Matcher holding = holding(holder);
		assertThat(holding.find()).as("the holder's output:%n%s", holder.logTail(40)).isTrue();
		return Integer.parseInt(holding.group(1));
	}

	/** A whole line only: the log is read while the holder writes it. */
	private static Matcher holding(ForkedJvm holder) throws IOException {
		return HOLDING.matcher(holder.log());
	}

	private static int setUpOrigin(Connection connection, String origin) throws SQLException {
		try (PreparedStatement setup = connection
			.prepareStatement("SELECT pg_backend_pid(), pg_replication_origin_session_setup(?)")) {
			setup.setString(1, origin);
			try (ResultSet row = setup.executeQuery()) {
				row.next();
				return row.getInt(1);
			}
		}
	}

}
