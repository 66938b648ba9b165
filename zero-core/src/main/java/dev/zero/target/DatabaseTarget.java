package dev.zero.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;
import dev.zero.change.TransactionalTarget;
import dev.zero.shard.ShardId;
import dev.zero.shard.ShardMessages;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;

/**
 * The application's database as an exactly-once target: each target transaction is a
 * transaction of the application's transaction manager, in which the transactional listeners
 * write and the source position they reach is recorded ({@link PositionStore}), so that both
 * commit or neither does. The transaction is marked as the listeners' own (by its replication
 * origin, or by a transactional message written first), so that the stream does not deliver
 * those writes back. A session a previous leader left holding the origin is ended after a short
 * grace period ({@link OriginTakeover}).
 */
public final class DatabaseTarget implements TransactionalTarget {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseTarget.class);

	private static final List<String> ORIGIN_FUNCTIONS = List.of("pg_replication_origin_create",
			"pg_replication_origin_session_setup", "pg_replication_origin_session_reset",
			"pg_replication_origin_xact_setup", "pg_replication_origin_progress",
			"pg_replication_origin_session_is_setup", "pg_replication_origin_oid");

	/**
	 * How long a session that still holds the origin when a transaction begins may take to let
	 * it go before it is ended (see {@link OriginTakeover}).
	 */
	static final Duration TAKEOVER_GRACE = Duration.ofSeconds(2);

	private final ShardId shard;

	private final ShardMessages messages;

	private final TargetTransactions transactions;

	private final List<ChangeListener> listeners;

	private final PositionStore configured;

	private final String positionTable;

	private final OriginTakeover takeover;

	private PositionStore store = PositionStore.AUTO;

	private @Nullable Connection connection;

	/** The position this target last read back or committed. */
	private Lsn known = Lsn.INVALID;

	/**
	 * @param shard the shard whose origin or state table records the position
	 * @param transactions the application's transactions
	 * @param listeners the transactional listeners, in order
	 * @param store where the position is recorded
	 */
	public DatabaseTarget(ShardId shard, TargetTransactions transactions, List<ChangeListener> listeners,
			PositionStore store) {
		this.shard = shard;
		this.messages = new ShardMessages(shard);
		this.transactions = transactions;
		this.listeners = List.copyOf(listeners);
		this.configured = store;
		this.positionTable = new StateSchema(shard).table("listener_position");
		this.takeover = new OriginTakeover(shard.replicationOrigin(), transactions, TAKEOVER_GRACE);
	}

	@Override
	public String name() {
		return "database";
	}

	@Override
	public List<ChangeListener> listeners() {
		return this.listeners;
	}

	@Override
	public boolean runsApplicationListeners() {
		return true;
	}

	/** Where the position is recorded, once {@link #open} decided; {@code AUTO} before. */
	public PositionStore store() {
		return this.store;
	}

	@Override
	public Lsn open() throws SQLException {
		Connection connection = this.transactions.begin((ended) -> {
		});
		boolean committed = false;
		try {
			requireStateSchema(connection);
			PositionStore store = decide(connection);
			Lsn position = (store == PositionStore.ORIGIN) ? originProgress(connection) : tablePosition(connection);
			this.transactions.commit();
			committed = true;
			if (store != this.store) {
				logger.info("zero: transactional listeners of shard {} record their position in {}", this.shard,
						(store == PositionStore.ORIGIN) ? "replication origin " + this.shard.replicationOrigin()
								: this.positionTable);
			}
			this.store = store;
			if (store == PositionStore.ORIGIN) {
				// read again while holding the origin: see fencedProgress
				position = fencedProgress();
			}
			this.known = position;
			return position;
		}
		finally {
			if (!committed) {
				rollbackQuietly();
			}
		}
	}

	/**
	 * The origin's progress, read while this session holds the origin. A previous leader's
	 * transaction can only advance the progress while its backend holds the origin, and that
	 * backend lets go only when it ends (its client is gone), its transaction committed or
	 * rolled back; so once the origin is held here (taken over from such a backend if needed,
	 * see {@link #begin}), nobody else can move the progress any more, and what is read is final.
	 * Read without holding it, a leftover transaction that commits afterwards would be delivered
	 * again.
	 */
	private Lsn fencedProgress() throws SQLException {
		begin(false);
		try {
			return originProgress(this.connection);
		}
		finally {
			rollback();
		}
	}

	@Override
	public void begin() throws SQLException {
		begin(true);
	}

	/**
	 * @param knownProgressRequired whether a takeover must find the progress where this target
	 * left it (in a session); {@link #fencedProgress} reads it instead
	 */
	private void begin(boolean knownProgressRequired) throws SQLException {
		if (this.store == PositionStore.ORIGIN) {
			boolean tookOver = false;
			while (true) {
				Connection connection = this.transactions.begin((ended) -> execute(ended,
						"SELECT pg_replication_origin_session_reset() WHERE pg_replication_origin_session_is_setup()"));
				try {
					setUpOrigin(connection);
				}
				catch (SQLException ex) {
					rollbackQuietly();
					if (!OriginTakeover.originHeld(ex)) {
						throw ex;
					}
					this.takeover.held(ex);
					tookOver = true;
					continue;
				}
				this.connection = connection;
				this.takeover.done();
				if (tookOver && knownProgressRequired) {
					try {
						requireKnownProgress(connection);
					}
					catch (SQLException ex) {
						rollback();
						throw ex;
					}
				}
				return;
			}
		}
		else {
			Connection connection = this.transactions.begin((ended) -> {
			});
			this.connection = connection;
			// first in the transaction: the stream knows the transaction is ours before any change
			this.messages.markOwnWrites(connection);
		}
	}

	/**
	 * After a takeover in the middle of a session: the previous holder may have committed
	 * before it let go, and what it committed must not be delivered again. When the progress
	 * moved past what this target knows, the session starts over (and {@link #open} reads it).
	 */
	private void requireKnownProgress(Connection connection) throws SQLException {
		Lsn progress = originProgress(connection);
		if (progress.compareTo(this.known) > 0) {
			throw new SQLException("replication origin " + this.shard.replicationOrigin() + " advanced to " + progress
					+ " (past " + this.known + ") while a previous leader's session held it; starting the session over "
					+ "to read it again", OriginTakeover.OBJECT_IN_USE);
		}
	}

	/**
	 * Makes {@code connection}'s session the origin's, for this transaction. A backend notices
	 * that its client died only when it next reads from it: while it runs a statement, it would
	 * hold the origin until the statement ends, so the transaction checks the client every
	 * second (unless the application chose an interval already).
	 */
	private void setUpOrigin(Connection connection) throws SQLException {
		// a pooled connection whose clean-up failed last time still has the origin set up
		try (PreparedStatement setup = connection.prepareStatement(
				"SELECT pg_replication_origin_session_reset() WHERE pg_replication_origin_session_is_setup()")) {
			setup.execute();
		}
		try (PreparedStatement setup = connection.prepareStatement("""
				SELECT pg_replication_origin_session_setup(?),
				       CASE WHEN current_setting('client_connection_check_interval') = '0'
				            THEN set_config('client_connection_check_interval', '1s', true) END
				""")) {
			setup.setString(1, this.shard.replicationOrigin());
			setup.execute();
		}
	}

	@Override
	public void commit(Lsn position) throws SQLException {
		Connection connection = this.connection;
		if (connection == null) {
			throw new IllegalStateException("no transaction is open");
		}
		if (position.isValid()) {
			if (this.store == PositionStore.ORIGIN) {
				// pg_current_xact_id(): a transaction whose listeners wrote nothing still gets a
				// commit record, which is what carries the origin's progress
				try (PreparedStatement record = connection.prepareStatement(
						"SELECT pg_current_xact_id(), pg_replication_origin_xact_setup(?::pg_lsn, now())")) {
					record.setString(1, position.toString());
					record.execute();
				}
			}
			else {
				try (PreparedStatement record = connection.prepareStatement("INSERT INTO " + this.positionTable
						+ " (singleton, lsn, updated_at) VALUES (true, ?::pg_lsn, now()) ON CONFLICT (singleton) "
						+ "DO UPDATE SET lsn = excluded.lsn, updated_at = excluded.updated_at")) {
					record.setString(1, position.toString());
					record.execute();
				}
			}
		}
		this.connection = null;
		this.transactions.commit();
		if (position.compareTo(this.known) > 0) {
			this.known = position;
		}
	}

	@Override
	public void rollback() {
		if (this.connection != null) {
			this.connection = null;
			rollbackQuietly();
		}
	}

	private void rollbackQuietly() {
		try {
			this.transactions.rollback();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("zero: rolling back a transactional listeners' transaction failed", ex);
		}
	}

	/**
	 * The listeners' transactions must reach the upstream database: the position is recorded
	 * there, next to the shard's state.
	 */
	private void requireStateSchema(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT to_regclass(?) IS NOT NULL, current_database(), current_user")) {
			statement.setString(1, this.positionTable);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				if (!row.getBoolean(1)) {
					throw new SQLException("transactional listeners run in transactions of the application's "
							+ "transaction manager, whose database (" + row.getString(2) + ", as role "
							+ row.getString(3) + ") has no table " + this.positionTable
							+ ": it must be the upstream database, and the role must be allowed to use schema "
							+ Identifiers.quote(this.shard.internalSchema()) + " (GRANT USAGE ON SCHEMA ... TO "
							+ row.getString(3) + ")", "42P01");
				}
			}
		}
	}

	private PositionStore decide(Connection connection) throws SQLException {
		if (this.configured == PositionStore.TABLE) {
			requireTablePrivileges(connection);
			return PositionStore.TABLE;
		}
		List<String> missing = new ArrayList<>(ORIGIN_FUNCTIONS);
		try (PreparedStatement check = connection.prepareStatement("SELECT proname FROM pg_proc "
				+ "WHERE proname = ANY (?) AND pronamespace = 'pg_catalog'::regnamespace "
				+ "AND has_function_privilege(oid, 'EXECUTE')")) {
			check.setArray(1, connection.createArrayOf("text", ORIGIN_FUNCTIONS.toArray()));
			try (ResultSet rows = check.executeQuery()) {
				while (rows.next()) {
					missing.remove(rows.getString(1));
				}
			}
		}
		if (missing.isEmpty()) {
			return PositionStore.ORIGIN;
		}
		if (this.configured == PositionStore.ORIGIN) {
			throw new SQLException("zero.replication.transactional.position-store=origin, but the role may not "
					+ "execute " + String.join(", ", missing) + ": GRANT EXECUTE ON FUNCTION ... to it, or use "
					+ "position-store=table", "42501");
		}
		requireTablePrivileges(connection);
		return PositionStore.TABLE;
	}

	private void requireTablePrivileges(Connection connection) throws SQLException {
		try (PreparedStatement check = connection
			.prepareStatement("SELECT has_table_privilege(?, 'SELECT, INSERT, UPDATE'), current_user")) {
			check.setString(1, this.positionTable);
			try (ResultSet row = check.executeQuery()) {
				row.next();
				if (!row.getBoolean(1)) {
					throw new SQLException("the role " + row.getString(2) + " of the application's transactions may "
							+ "not write " + this.positionTable + ", where transactional listeners record their "
							+ "position: GRANT SELECT, INSERT, UPDATE ON " + this.positionTable + " TO "
							+ row.getString(2), "42501");
				}
			}
		}
	}

	private Lsn originProgress(Connection connection) throws SQLException {
		try (PreparedStatement create = connection.prepareStatement(
				"SELECT pg_replication_origin_create(?) WHERE pg_replication_origin_oid(?) IS NULL")) {
			create.setString(1, this.shard.replicationOrigin());
			create.setString(2, this.shard.replicationOrigin());
			create.execute();
		}
		try (PreparedStatement progress = connection
			.prepareStatement("SELECT pg_replication_origin_progress(?, false)::text")) {
			progress.setString(1, this.shard.replicationOrigin());
			try (ResultSet row = progress.executeQuery()) {
				row.next();
				String lsn = row.getString(1);
				return (lsn != null) ? Lsn.parse(lsn) : Lsn.INVALID;
			}
		}
	}

	private Lsn tablePosition(Connection connection) throws SQLException {
		try (PreparedStatement read = connection
			.prepareStatement("SELECT lsn::text FROM " + this.positionTable + " WHERE singleton")) {
			try (ResultSet row = read.executeQuery()) {
				return row.next() ? Lsn.parse(row.getString(1)) : Lsn.INVALID;
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.execute();
		}
	}

}
