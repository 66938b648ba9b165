package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.row.RowLayout;
import dev.zero.sql.Identifiers;
import dev.zero.upstream.Upstream;

/**
 * Copies every published table as of a replication slot's exported snapshot, so that the
 * stream can continue from the slot's consistent point with no row missed and none twice.
 * Several connections import the same snapshot and copy tables in parallel with
 * {@code COPY ... TO STDOUT}; the rows reach the listeners on the calling thread, one at a
 * time, through a small bounded queue, so memory stays flat whatever the table sizes.
 */
final class InitialSync {

	private static final int BATCH = 256;

	private static final int QUEUE_BATCHES = 32;

	/**
	 * A table to copy.
	 *
	 * @param table the table
	 * @param layout its published columns
	 * @param rowFilter the publications' row filter, or {@code null}
	 * @param estimatedRows {@code pg_class.reltuples}, or -1 when unknown
	 */
	record CopyTable(TableName table, RowLayout layout, @Nullable String rowFilter, long estimatedRows) {

		String sql() {
			String columns = String.join(", ",
					this.layout.columns().stream().map((column) -> Identifiers.quote(column.name())).toList());
			return "COPY (SELECT " + columns + " FROM " + Identifiers.qualified(this.table.schema(), this.table.name())
					+ ((this.rowFilter != null) ? " WHERE " + this.rowFilter : "") + ") TO STDOUT";
		}

	}

	private final Upstream upstream;

	private final int workers;

	private final List<CopyTable> tables;

	private final List<AtomicLong> copied = new ArrayList<>();

	private final List<AtomicBoolean> done = new ArrayList<>();

	InitialSync(Upstream upstream, int workers, List<CopyTable> tables) {
		this.upstream = upstream;
		this.workers = Math.max(1, Math.min(workers, Math.max(1, tables.size())));
		this.tables = List.copyOf(tables);
		for (int i = 0; i < tables.size(); i++) {
			this.copied.add(new AtomicLong());
			this.done.add(new AtomicBoolean());
		}
	}

	List<SyncProgress> progress() {
		List<SyncProgress> progress = new ArrayList<>();
		for (int i = 0; i < this.tables.size(); i++) {
			CopyTable table = this.tables.get(i);
			progress.add(new SyncProgress(table.table(), this.copied.get(i).get(), table.estimatedRows(),
					this.done.get(i).get()));
		}
		return progress;
	}

	/**
	 * Copies every table and delivers each row as a snapshot insert; returns the rows
	 * delivered.
	 */
	long run(String snapshot, Lsn consistentPoint, Instant snapshotTime, Delivery dispatcher)
			throws SQLException, ListenerException {
		BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
		ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
		for (int i = 0; i < this.tables.size(); i++) {
			pending.add(i);
		}
		AtomicBoolean cancelled = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		List<Connection> connections = new ArrayList<>();
		try {
			for (int w = 0; w < this.workers; w++) {
				Connection connection = importSnapshot(snapshot);
				connections.add(connection);
				Thread thread = new Thread(() -> copy(connection, pending, queue, cancelled),
						"zero-initial-sync-" + (w + 1));
				thread.setDaemon(true);
				threads.add(thread);
			}
			threads.forEach(Thread::start);
			return deliver(queue, consistentPoint, snapshotTime, dispatcher);
		}
		finally {
			cancelled.set(true);
			queue.clear();
			for (Thread thread : threads) {
				thread.interrupt();
			}
			for (Connection connection : connections) {
				try {
					connection.close();
				}
				catch (SQLException ex) {
					// the copy is over either way
				}
			}
		}
	}

	private long deliver(BlockingQueue<Batch> queue, Lsn consistentPoint, Instant snapshotTime,
			Delivery dispatcher) throws SQLException, ListenerException {
		long rows = 0;
		int finished = 0;
		while (finished < this.workers) {
			Batch batch;
			try {
				batch = queue.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("interrupted during the initial sync", "57014");
			}
			if (batch.failure() != null) {
				throw batch.failure();
			}
			if (batch.endOfWorker()) {
				finished++;
				continue;
			}
			CopyTable table = this.tables.get(batch.table());
			for (Row row : batch.rows()) {
				dispatcher.change(new Insert(table.table(), row, true, 0, consistentPoint, snapshotTime));
			}
			rows += batch.rows().size();
			this.copied.get(batch.table()).addAndGet(batch.rows().size());
			if (batch.last()) {
				this.done.get(batch.table()).set(true);
			}
		}
		return rows;
	}

	private Connection importSnapshot(String snapshot) throws SQLException {
		Connection connection = this.upstream.connectForCopy();
		try (Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
			statement.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshot));
			statement.execute("SET LOCAL statement_timeout = 0");
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	/**
	 * Copies tables until none is left, handing rows over in batches.
	 */
	private void copy(Connection connection, ConcurrentLinkedQueue<Integer> pending, BlockingQueue<Batch> queue,
			AtomicBoolean cancelled) {
		try {
			Integer index;
			while (!cancelled.get() && (index = pending.poll()) != null) {
				CopyTable table = this.tables.get(index);
				int width = table.layout().columns().size();
				CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(table.sql());
				List<Row> rows = new ArrayList<>(BATCH);
				byte[] line;
				while ((line = copy.readFromCopy()) != null) {
					rows.add(table.layout().row(CopyTextRow.parse(line, width)));
					if (rows.size() == BATCH) {
						put(queue, new Batch(index, rows, false, false, null), cancelled);
						rows = new ArrayList<>(BATCH);
					}
				}
				put(queue, new Batch(index, rows, true, false, null), cancelled);
			}
			put(queue, new Batch(-1, List.of(), false, true, null), cancelled);
		}
		catch (SQLException ex) {
			put(queue, new Batch(-1, List.of(), false, false, new SQLException(this.upstream.explain(ex),
					ex.getSQLState())), cancelled);
		}
		catch (RuntimeException ex) {
			put(queue, new Batch(-1, List.of(), false, false, new SQLException("initial sync failed: " + ex, "XX000")),
					cancelled);
		}
	}

	private static void put(BlockingQueue<Batch> queue, Batch batch, AtomicBoolean cancelled) {
		try {
			while (!cancelled.get()) {
				if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Rows of one table on their way to the listeners, or the end of a worker, or its failure.
	 */
	private record Batch(int table, List<Row> rows, boolean last, boolean endOfWorker,
			@Nullable SQLException failure) {

	}

}
