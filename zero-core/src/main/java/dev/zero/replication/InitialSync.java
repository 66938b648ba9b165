package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Column;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.row.OutputSettings;
import dev.zero.row.RowLayout;
import dev.zero.sql.Identifiers;
import dev.zero.upstream.Upstream;

/**
 * Copies every published table as of a replication slot's exported snapshot, so that the
 * stream can continue from the slot's consistent point with no row missed and none twice.
 * Several connections import the same snapshot and copy in parallel with
 * {@code COPY ... TO STDOUT}, in binary where every column of a table reads binary exactly as
 * its text, a large table cut into ranges of blocks ({@code ctid}) that the connections share.
 * The rows reach the listeners on the calling thread, one at a time, through a small bounded
 * queue of batches, so memory stays flat whatever the table sizes; a row is decoded only when a
 * getter asks.
 */
final class InitialSync {

	private static final Logger logger = LoggerFactory.getLogger(InitialSync.class);

	/** Rows handed to the delivering thread at a time, at most. */
	private static final int BATCH_ROWS = 1024;

	/** Rows delivered between two updates of a table's progress. */
	private static final int PROGRESS_ROWS = 256;

	/** Bytes of rows handed over at a time: a batch also ends when it holds this many. */
	private static final int BATCH_BYTES = 512 * 1024;

	/** Batches waiting for the listeners, at most; with those being filled, all the copy holds. */
	private static final int QUEUE_BATCHES = 16;

	/** Ranges per connection that a large table is cut into, so that the connections end together. */
	private static final int RANGES_PER_CONNECTION = 4;

	/** Connections the sync leaves to everyone else, at least (and a tenth of max_connections). */
	private static final int CONNECTIONS_LEFT = 3;

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final String TOO_MANY_CONNECTIONS = "53300";

	private static final byte[] BINARY_SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

	/**
	 * A table to copy.
	 *
	 * @param table the table
	 * @param layout its published columns
	 * @param rowFilter the publications' row filter, or {@code null}
	 * @param estimatedRows {@code pg_class.reltuples}, or -1 when unknown
	 */
	record CopyTable(TableName table, RowLayout layout, @Nullable String rowFilter, long estimatedRows) {

		/**
		 * The copy of the rows in the blocks from {@code fromBlock} up to {@code toBlock}; a
		 * negative bound leaves that end open.
		 */
		String sql(long fromBlock, long toBlock, boolean binary) {
			return CopyQuery.of(this.table, this.layout.columns().stream().map(Column::name).toList())
				.blocks(fromBlock, toBlock)
				.rowFilter(this.rowFilter)
				.binary(binary)
				.sql();
		}

	}

	/**
	 * How a sync cuts and reads tables; tests make ranges small and choose the format.
	 *
	 * @param minRangeBlocks the fewest blocks in a range: a table of up to this many is copied
	 * whole
	 * @param binary whether a table whose columns all read binary is copied in binary
	 */
	record Tuning(long minRangeBlocks, boolean binary) {

		/** 8 MB ranges at least, binary where it reads exactly as text. */
		static final Tuning DEFAULT = new Tuning(1024, true);

	}

	/**
	 * How a run copied: on how many connections, and each table in how many ranges, in binary
	 * or not.
	 *
	 * @param connections the connections that copied
	 * @param ranges by table, the ranges it was cut into
	 * @param binary by table, whether it was copied in binary
	 */
	record Shape(int connections, List<Integer> ranges, List<Boolean> binary) {

	}

	/** The blocks of a table that one {@code COPY} reads; a negative bound leaves that end open. */
	private record Range(int table, long fromBlock, long toBlock, long blocks) {

	}

	private final Upstream upstream;

	private final int parallelism;

	private final List<CopyTable> tables;

	private final Tuning tuning;

	private final ZeroThreads threads;

	private final List<AtomicLong> copied = new ArrayList<>();

	private final List<AtomicInteger> rangesLeft = new ArrayList<>();

	private volatile @Nullable Shape shape;

	InitialSync(Upstream upstream, int parallelism, List<CopyTable> tables) {
		this(upstream, parallelism, tables, Tuning.DEFAULT);
	}

	InitialSync(Upstream upstream, int parallelism, List<CopyTable> tables, Tuning tuning) {
		this(upstream, parallelism, tables, tuning, ZeroThreads.defaults());
	}

	InitialSync(Upstream upstream, int parallelism, List<CopyTable> tables, Tuning tuning, ZeroThreads threads) {
		this.upstream = upstream;
		this.threads = threads;
		this.parallelism = Math.max(1, parallelism);
		this.tables = List.copyOf(tables);
		this.tuning = tuning;
		for (int i = 0; i < tables.size(); i++) {
			this.copied.add(new AtomicLong());
			// not known before the copy starts: never done until then
			this.rangesLeft.add(new AtomicInteger(-1));
		}
	}

	List<SyncProgress> progress() {
		List<SyncProgress> progress = new ArrayList<>();
		for (int i = 0; i < this.tables.size(); i++) {
			CopyTable table = this.tables.get(i);
			progress.add(new SyncProgress(table.table(), this.copied.get(i).get(), table.estimatedRows(),
					this.rangesLeft.get(i).get() == 0));
		}
		return progress;
	}

	/** How the run copies, once it has started copying; {@code null} before. */
	@Nullable Shape shape() {
		return this.shape;
	}

	/**
	 * Copies every table and delivers each row as a snapshot insert; returns the rows
	 * delivered.
	 */
	long run(String snapshot, Lsn consistentPoint, Instant snapshotTime, Delivery delivery)
			throws SQLException, ListenerException {
		if (this.tables.isEmpty()) {
			return 0;
		}
		Copy copy = new Copy(snapshot);
		try {
			Connection lead = copy.open();
			ServerFacts facts = ServerFacts.read(lead, this.tables);
			int connections = Math.min(this.parallelism, Math.max(1, facts.spareConnections() + 1));
			List<Range> ranges = ranges(facts.blocks(), connections);
			List<Boolean> binary = this.tables.stream()
				.map((table) -> this.tuning.binary() && table.layout().readsBinary(facts.output()))
				.toList();
			int workers = Math.min(connections, ranges.size());
			this.shape = new Shape(workers, this.rangesLeft.stream().map(AtomicInteger::get).toList(), binary);
			logger.info("zero: initial sync copies {} tables ({} ranges, {} in binary) on {} connections{}",
					this.tables.size(), ranges.size(), binary.stream().filter(Boolean::booleanValue).count(), workers,
					(connections < this.parallelism) ? " (not " + this.parallelism + ": the server has "
							+ Math.max(0, facts.spareConnections()) + " to spare)" : "");
			ConcurrentLinkedQueue<Range> pending = new ConcurrentLinkedQueue<>(ranges);
			for (int w = 0; w < workers; w++) {
				Connection own = (w == 0) ? lead : null;
				copy.start(w + 1, () -> copy.work(own, pending, binary));
			}
			return deliver(copy.queue, workers, consistentPoint, snapshotTime, delivery);
		}
		finally {
			copy.cancel();
		}
	}

	/**
	 * Cuts each table into ranges of blocks, large ones into about
	 * {@value #RANGES_PER_CONNECTION} per connection; the largest come first, so that the
	 * connections end together. The first range of a table starts at its beginning and the last
	 * runs to its end, whatever its size now.
	 */
	private List<Range> ranges(long[] blocks, int connections) {
		List<Range> ranges = new ArrayList<>();
		for (int i = 0; i < this.tables.size(); i++) {
			long size = Math.max(blocks[i], 1);
			long rangeBlocks = Math.max(this.tuning.minRangeBlocks(),
					(size + connections * RANGES_PER_CONNECTION - 1) / (connections * RANGES_PER_CONNECTION));
			int count = 0;
			for (long from = 0; from < size; from += rangeBlocks) {
				long to = from + rangeBlocks;
				ranges.add(new Range(i, (from == 0) ? -1 : from, (to >= size) ? -1 : to, Math.min(to, size) - from));
				count++;
			}
			this.rangesLeft.get(i).set(count);
		}
		ranges.sort(Comparator.comparingLong(Range::blocks).reversed());
		return ranges;
	}

	private long deliver(BlockingQueue<Batch> queue, int workers, Lsn consistentPoint, Instant snapshotTime,
			Delivery delivery) throws SQLException, ListenerException {
		long rows = 0;
		int finished = 0;
		while (finished < workers) {
			Batch batch;
			try {
				batch = queue.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("interrupted during the initial sync", "57014");
			}
			if (batch.failure != null) {
				throw batch.failure;
			}
			if (batch.table < 0) {
				finished++;
				continue;
			}
			TableName table = this.tables.get(batch.table).table();
			AtomicLong copied = this.copied.get(batch.table);
			Row[] batchRows = batch.rows;
			for (int i = 0; i < batch.size; i++) {
				delivery.snapshotRow(new Insert(table, batchRows[i], true, 0, consistentPoint, snapshotTime));
				if (i % PROGRESS_ROWS == PROGRESS_ROWS - 1) {
					copied.addAndGet(PROGRESS_ROWS);
				}
			}
			copied.addAndGet(batch.size % PROGRESS_ROWS);
			rows += batch.size;
			if (batch.rangeDone) {
				this.rangesLeft.get(batch.table).decrementAndGet();
			}
		}
		return rows;
	}

	/**
	 * One run's connections, copying threads and the queue between them and the delivering
	 * thread. The first connection holds a share lock on every table from before it measures
	 * them until the end, so that no table is rewritten between the ranges that connections copy
	 * of it; the others take the lock of a table before they copy from it, without waiting (a
	 * statement queued for an exclusive lock would otherwise wait for the first, which waits
	 * for them).
	 */
	private final class Copy {

		private final String snapshot;

		private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);

		private final AtomicBoolean cancelled = new AtomicBoolean();

		private final List<Connection> connections = new ArrayList<>();

		private final List<Thread> threads = new ArrayList<>();

		Copy(String snapshot) {
			this.snapshot = snapshot;
		}

		void start(int number, Runnable work) {
			Thread thread = InitialSync.this.threads.newThread("zero-initial-sync-" + number, work);
			this.threads.add(thread);
			thread.start();
		}

		/** A connection in a read-only transaction on the snapshot, closed by {@link #cancel()}. */
		Connection open() throws SQLException {
			Connection connection = InitialSync.this.upstream.connectForCopy();
			synchronized (this.connections) {
				if (this.cancelled.get()) {
					connection.close();
					throw new SQLException("the initial sync is over", "57014");
				}
				this.connections.add(connection);
			}
			try (Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
				statement.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(this.snapshot));
				statement.execute("SET LOCAL statement_timeout = 0");
			}
			return connection;
		}

		/**
		 * Copies ranges until none is left, on {@code lead} or a connection of its own, and
		 * hands the rows over in batches.
		 */
		void work(@Nullable Connection lead, ConcurrentLinkedQueue<Range> pending, List<Boolean> binary) {
			try {
				Connection connection = (lead != null) ? lead : openToSpare();
				if (connection != null) {
					CopyManager api = connection.unwrap(PGConnection.class).getCopyAPI();
					Set<Integer> locked = new HashSet<>();
					Range range;
					while (!this.cancelled.get() && (range = pending.poll()) != null) {
						if (lead == null && locked.add(range.table())) {
							lockWithoutWaiting(connection, InitialSync.this.tables.get(range.table()));
						}
						if (!copy(api, range, binary.get(range.table()))) {
							return;
						}
					}
				}
				put(Batch.workerDone());
			}
			catch (SQLException ex) {
				put(Batch.failed(new SQLException(InitialSync.this.upstream.explain(ex), ex.getSQLState())));
			}
			catch (RuntimeException ex) {
				put(Batch.failed(new SQLException("initial sync failed: " + ex, "XX000")));
			}
		}

		/** A connection of its own, or {@code null} when the server has none to spare after all. */
		private @Nullable Connection openToSpare() throws SQLException {
			try {
				return open();
			}
			catch (SQLException ex) {
				if (!TOO_MANY_CONNECTIONS.equals(ex.getSQLState())) {
					throw ex;
				}
				logger.debug("zero: one initial-sync connection fewer: {}", ex.getMessage());
				return null;
			}
		}

		private void lockWithoutWaiting(Connection connection, CopyTable table) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				statement.execute("LOCK TABLE " + Identifiers.qualified(table.table().schema(), table.table().name())
						+ " IN ACCESS SHARE MODE NOWAIT");
			}
			catch (SQLException ex) {
				if (!LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
					throw ex;
				}
				throw new SQLException("The initial sync could not go on copying " + table.table()
						+ ": another session waits for an exclusive lock on it (DDL, VACUUM FULL, CLUSTER, "
						+ "TRUNCATE, LOCK TABLE); the sync starts over", LOCK_NOT_AVAILABLE, ex);
			}
		}

		/** Copies one range; {@code false} when the run was cancelled meanwhile. */
		private boolean copy(CopyManager api, Range range, boolean binary) throws SQLException {
			CopyTable table = InitialSync.this.tables.get(range.table());
			RowLayout layout = table.layout();
			int width = layout.columns().size();
			CopyOut copy = api.copyOut(table.sql(range.fromBlock(), range.toBlock(), binary));
			Batch batch = new Batch(range.table());
			boolean header = binary;
			byte[] message;
			while ((message = copy.readFromCopy()) != null) {
				Row row;
				if (binary) {
					int offset = header ? binaryHeaderLength(message) : 0;
					header = false;
					if (isEndOfBinaryCopy(message, offset)) {
						continue;
					}
					row = layout.binaryRow(message, offset);
				}
				else {
					row = layout.row(CopyTextRow.parse(message, width));
				}
				if (batch.add(row, message.length)) {
					if (!put(batch)) {
						return false;
					}
					batch = new Batch(range.table());
				}
			}
			batch.rangeDone = true;
			return put(batch);
		}

		/** Hands a batch over; {@code false} when the run was cancelled first. */
		private boolean put(Batch batch) {
			try {
				while (!this.cancelled.get()) {
					if (this.queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
						return true;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return false;
		}

		/** Stops the threads and closes the connections, which ends copies in progress. */
		void cancel() {
			synchronized (this.connections) {
				this.cancelled.set(true);
			}
			this.queue.clear();
			this.threads.forEach(Thread::interrupt);
			for (Connection connection : this.connections) {
				try {
					connection.close();
				}
				catch (SQLException ex) {
					// the copy is over either way
				}
			}
		}

	}

	/** The length of binary COPY's header, which starts the first message. */
	private static int binaryHeaderLength(byte[] message) {
		int fixed = BINARY_SIGNATURE.length + 8;
		if (message.length < fixed
				|| !Arrays.equals(message, 0, BINARY_SIGNATURE.length, BINARY_SIGNATURE, 0, BINARY_SIGNATURE.length)) {
			throw new IllegalStateException("binary COPY output does not start with its signature");
		}
		int extension = readInt(message, BINARY_SIGNATURE.length + 4);
		if (extension < 0 || fixed + extension > message.length) {
			throw new IllegalStateException("binary COPY header extension of " + extension + " bytes");
		}
		return fixed + extension;
	}

	/** Whether what is left of a message is no row: only the header, or the trailer. */
	private static boolean isEndOfBinaryCopy(byte[] message, int offset) {
		return offset == message.length
				|| (message.length - offset == 2 && message[offset] == (byte) 0xFF && message[offset + 1] == (byte) 0xFF);
	}

	private static int readInt(byte[] data, int offset) {
		return ((data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16) | ((data[offset + 2] & 0xFF) << 8)
				| (data[offset + 3] & 0xFF);
	}

	/**
	 * What the first connection finds out, as of the snapshot and with every table locked: how
	 * its session prints values, how many connections the server can spare, and each table's
	 * size in blocks.
	 */
	private record ServerFacts(OutputSettings output, int spareConnections, long[] blocks) {

		static ServerFacts read(Connection connection, List<CopyTable> tables) throws SQLException {
			List<String> names = tables.stream()
				.map((table) -> Identifiers.qualified(table.table().schema(), table.table().name()))
				.toList();
			try (Statement statement = connection.createStatement()) {
				statement.execute("LOCK TABLE " + String.join(", ", names) + " IN ACCESS SHARE MODE");
			}
			OutputSettings output;
			int spare;
			try (Statement statement = connection.createStatement();
					ResultSet row = statement.executeQuery(SPARE_CONNECTIONS)) {
				row.next();
				output = new OutputSettings(row.getString(1), row.getString(2));
				spare = row.getInt(3);
			}
			long[] blocks = new long[tables.size()];
			try (PreparedStatement statement = connection.prepareStatement("""
					SELECT pg_relation_size(t.relation) / current_setting('block_size')::bigint
					  FROM unnest(?::text[]::regclass[]) WITH ORDINALITY AS t(relation, n)
					 ORDER BY t.n
					""")) {
				statement.setArray(1, connection.createArrayOf("text", names.toArray()));
				try (ResultSet rows = statement.executeQuery()) {
					for (int i = 0; rows.next(); i++) {
						blocks[i] = rows.getLong(1);
					}
				}
			}
			return new ServerFacts(output, spare, blocks);
		}

		/**
		 * The session's output settings, then the connections the server has left for ordinary
		 * roles (and this role, and this database, where they are limited), less a share kept for
		 * everyone else.
		 */
		private static final String SPARE_CONNECTIONS = """
				WITH clients AS (
				  SELECT usename, datname FROM pg_stat_activity WHERE backend_type = 'client backend'
				), limits AS (
				  SELECT current_setting('max_connections')::int
				         - current_setting('superuser_reserved_connections')::int
				         - coalesce(current_setting('reserved_connections', true)::int, 0)
				         - (SELECT count(*) FROM clients) AS server,
				         (SELECT CASE WHEN rolconnlimit >= 0
				                 THEN rolconnlimit - (SELECT count(*) FROM clients WHERE usename = current_user) END
				            FROM pg_roles WHERE rolname = current_user) AS role,
				         (SELECT CASE WHEN datconnlimit >= 0
				                 THEN datconnlimit - (SELECT count(*) FROM clients WHERE datname = current_database()) END
				            FROM pg_database WHERE datname = current_database()) AS database
				)
				SELECT current_setting('TimeZone'), current_setting('bytea_output'),
				       least(server, role, database)
				         - greatest(%d, current_setting('max_connections')::int / 10)
				  FROM limits
				""".formatted(CONNECTIONS_LEFT);

	}

	/**
	 * Rows of one range on their way to the listeners (the last ones of the range when
	 * {@code rangeDone}), or a copying thread's end ({@code table} -1), or its failure.
	 */
	private static final class Batch {

		private final int table;

		private final Row[] rows;

		private final @Nullable SQLException failure;

		private int size;

		private long bytes;

		private boolean rangeDone;

		private Batch(int table, Row[] rows, @Nullable SQLException failure) {
			this.table = table;
			this.rows = rows;
			this.failure = failure;
		}

		Batch(int table) {
			this(table, new Row[BATCH_ROWS], null);
		}

		static Batch workerDone() {
			return new Batch(-1, new Row[0], null);
		}

		static Batch failed(SQLException failure) {
			return new Batch(-1, new Row[0], failure);
		}

		/** Adds a row; {@code true} when the batch is full. */
		boolean add(Row row, int length) {
			this.rows[this.size++] = row;
			this.bytes += length;
			return this.size == this.rows.length || this.bytes >= BATCH_BYTES;
		}

	}

}
