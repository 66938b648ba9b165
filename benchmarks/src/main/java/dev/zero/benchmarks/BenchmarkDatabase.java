package dev.zero.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.zero.change.Lsn;
import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.upstream.Upstream;

/**
 * The PostgreSQL 17 server the benchmarks run against, on loopback, with one database and the
 * settings a backlog of a million changes needs. It hands out connections in the forms each
 * contender wants (JDBC for ours, a libpq connection string for pg_recvlogical) and answers
 * the few questions about WAL positions and slots that the benchmarks ask.
 */
final class BenchmarkDatabase implements AutoCloseable {

	static final String DATABASE = "zero_bench";

	private final EmbeddedPostgres server;

	private BenchmarkDatabase(EmbeddedPostgres server) {
		this.server = server;
	}

	static BenchmarkDatabase start() throws SQLException {
		EmbeddedPostgres server = EmbeddedPostgres.builder()
			.version(17)
			.setting("wal_level", "logical")
			.setting("max_replication_slots", "20")
			.setting("max_wal_senders", "20")
			// The slots keep the whole backlog's WAL; checkpoints while filling would only add
			// full-page images that the drains then have to read past.
			.setting("max_wal_size", "8GB")
			.setting("checkpoint_timeout", "1h")
			.setting("shared_buffers", "512MB")
			// Nothing but the benchmark may write WAL between the backlog's last commit and the
			// recorded end position: an autovacuum there would leave ours waiting for a commit
			// pgoutput never sends (it skips transactions without published changes).
			.setting("autovacuum", "off")
			.start();
		BenchmarkDatabase database = new BenchmarkDatabase(server);
		try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		catch (SQLException | RuntimeException ex) {
			server.close();
			throw ex;
		}
		return database;
	}

	String version() throws SQLException {
		try (Connection connection = connect()) {
			return query(connection, "SHOW server_version");
		}
	}

	/** The postmaster, whose children are the server's processes. */
	ProcessHandle postmaster() throws SQLException {
		try (Connection connection = connect()) {
			long backend = Long.parseLong(query(connection, "SELECT pg_backend_pid()"));
			return ProcessHandle.of(backend)
				.flatMap(ProcessHandle::parent)
				.orElseThrow(() -> new IllegalStateException("cannot find the postmaster of backend " + backend));
		}
	}

	Connection connect() throws SQLException {
		return this.server.connect(DATABASE);
	}

	Upstream upstream() {
		return Upstream.of(this.server.jdbcUrl(DATABASE), this.server.username(), this.server.password(),
				"zero-benchmark");
	}

	String jdbcUrl() {
		return this.server.jdbcUrl(DATABASE);
	}

	String username() {
		return this.server.username();
	}

	/** Connection parameters for libpq tools; the password goes in {@code PGPASSWORD}. */
	String libpqConnectionString() {
		return "host=" + this.server.host() + " port=" + this.server.port() + " dbname=" + DATABASE + " user="
				+ this.server.username();
	}

	String password() {
		return this.server.password();
	}

	void createSlot(String name) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
			statement.setString(1, name);
			statement.execute();
		}
	}

	void dropSlot(String name) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
			statement.setString(1, name);
			statement.execute();
		}
	}

	static Lsn currentWalLsn(Connection connection) throws SQLException {
		return Lsn.parse(query(connection, "SELECT pg_current_wal_lsn()::text"));
	}

	Lsn confirmedFlush(String slot) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
			statement.setString(1, slot);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? Lsn.parse(row.getString(1)) : Lsn.INVALID;
			}
		}
	}

	/** The size of the WAL between two positions, in bytes. */
	long walBytes(Lsn from, Lsn to) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
			statement.setString(1, to.toString());
			statement.setString(2, from.toString());
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getString(1);
		}
	}

	@Override
	public void close() {
		this.server.close();
	}

}
