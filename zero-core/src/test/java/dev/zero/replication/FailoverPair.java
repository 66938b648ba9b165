package dev.zero.replication;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.zero.embedded.EmbeddedPostgres;

import static org.awaitility.Awaitility.await;

/**
 * A primary and its streaming standby for failover tests: a database {@code app} with a table
 * {@code item} published as {@code items}, the multi-host URL an application uses for the
 * pair, and writers that insert through it. Closing it stops the standby, then the primary.
 */
public final class FailoverPair implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(90);

	private final EmbeddedPostgres primary;

	private final EmbeddedPostgres standby;

	private FailoverPair(EmbeddedPostgres primary, EmbeddedPostgres standby) {
		this.primary = primary;
		this.standby = standby;
	}

	/** A primary of {@code version} with {@code wal_level = logical}, and its standby. */
	public static FailoverPair start(int version) {
		EmbeddedPostgres primary = EmbeddedPostgres.builder().version(version).setting("wal_level", "logical").start();
		try {
			execute(primary, "postgres", "CREATE DATABASE app");
			execute(primary, "app", "CREATE TABLE item (id bigserial PRIMARY KEY, note text)",
					"CREATE TABLE item_count (app text PRIMARY KEY, n bigint NOT NULL)",
					"CREATE PUBLICATION items FOR TABLE item");
			return new FailoverPair(primary, primary.standby());
		}
		catch (RuntimeException ex) {
			primary.close();
			throw ex;
		}
	}

	public EmbeddedPostgres primary() {
		return this.primary;
	}

	public EmbeddedPostgres standby() {
		return this.standby;
	}

	public String username() {
		return this.primary.username();
	}

	public String password() {
		return this.primary.password();
	}

	/**
	 * Both servers, the primary wanted; pgjdbc re-checks a host it saw as a standby after a
	 * second.
	 */
	public String url() {
		return "jdbc:postgresql://127.0.0.1:" + this.primary.port() + ",127.0.0.1:" + this.standby.port()
				+ "/app?targetServerType=primary&hostRecheckSeconds=1";
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), username(), password());
	}

	/** The primary sends logical changes only once the standby has the WAL (17+). */
	public void synchronizeStandbySlot() {
		execute(this.primary, "postgres",
				"ALTER SYSTEM SET synchronized_standby_slots = '" + this.standby.primarySlotName() + "'",
				"SELECT pg_reload_conf()");
	}

	/**
	 * Waits until the standby's copy of {@code slot} is synchronized and persistent: a copy
	 * still temporary (not caught up with the primary's yet) is dropped by a promotion.
	 */
	public void awaitSyncedCopy(String slot) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
			if ("true".equals(value(this.standby, "SELECT (synced AND NOT temporary AND NOT conflicting)::text"
					+ " FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))) {
				return true;
			}
			// a running-transactions record lets the primary's slot move on, and a reload wakes the
			// standby's slot sync worker, which naps up to 30 s while the primary is quiet
			value(this.primary, "SELECT pg_log_standby_snapshot()::text");
			value(this.standby, "SELECT pg_reload_conf()::text");
			return false;
		});
	}

	/** The primary crashes and the standby is promoted. */
	public void failOver() {
		this.primary.crash();
		this.standby.promote();
	}

	/** The ids of {@code item} on the promoted standby. */
	public Set<Long> idsOnTheNewPrimary() throws SQLException {
		Set<Long> ids = new TreeSet<>();
		try (Connection connection = this.standby.connect("app"); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM item")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

	/** A writer that inserts into {@code item}, started. */
	public Writer writer() {
		Writer writer = new Writer(url(), username(), password());
		writer.thread.start();
		return writer;
	}

	@Override
	public void close() {
		// the standby first: closing it drops its slot on the primary
		this.standby.close();
		this.primary.close();
	}

	static @org.jspecify.annotations.Nullable String value(EmbeddedPostgres server, String sql) throws SQLException {
		try (Connection connection = server.connect("app"); Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			return row.next() ? row.getString(1) : null;
		}
	}

	static void execute(EmbeddedPostgres server, String database, String... sql) {
		try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Inserts rows one transaction at a time, reconnecting through the multi-host URL. */
	public static final class Writer implements AutoCloseable {

		private final Set<Long> committed = ConcurrentHashMap.newKeySet();

		private final AtomicBoolean writing = new AtomicBoolean(true);

		private final Thread thread;

		Writer(String url, String user, String password) {
			this.thread = new Thread(() -> {
				while (this.writing.get()) {
					try (Connection connection = DriverManager.getConnection(url, user, password);
							PreparedStatement insert = connection
								.prepareStatement("INSERT INTO item (note) VALUES ('x') RETURNING id")) {
						while (this.writing.get()) {
							try (ResultSet id = insert.executeQuery()) {
								id.next();
								this.committed.add(id.getLong(1));
							}
							// about 500 transactions a second
							Thread.sleep(2);
						}
					}
					catch (SQLException ex) {
						pause();
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "item-writer");
		}

		/** The ids of the rows whose commit the writer saw. */
		public int committed() {
			return this.committed.size();
		}

		private static void pause() {
			try {
				// the writer's pause before reconnecting while the standby is promoted
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.writing.set(false);
			this.thread.join(10_000);
		}

	}

}
