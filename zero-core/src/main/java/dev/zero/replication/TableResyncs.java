package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.change.Change;
import dev.zero.change.ColumnSchema;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.row.RowLayout;
import dev.zero.shard.ShardMessages;
import dev.zero.state.ResyncState;
import dev.zero.state.StateSchema;
import dev.zero.upstream.Upstream;

/**
 * Re-reads tables while the stream goes on, with the watermark algorithm of DBLog (Netflix)
 * and Debezium's incremental snapshots: each chunk of a table, in key order, is selected
 * between a low and a high watermark written into the WAL as transactional logical messages;
 * while the stream is between the two, a change to a key of the chunk removes that key from
 * the chunk; at the high watermark, what is left is delivered as snapshot inserts. A chunk
 * row is therefore never older than a change of its key that was delivered before it. Chunks
 * are recorded in the shard's state once acknowledged, so that a re-sync resumes after its last
 * recorded chunk after a crash or a takeover.
 * <p>
 * Owned by the worker thread, but for {@link #signal()} and {@link #progress()}.
 */
final class TableResyncs {

	private static final Logger logger = LoggerFactory.getLogger(TableResyncs.class);

	private static final String LOW = "low ";

	private static final String HIGH = "high ";

	/** Where a table's re-read stands in this session. */
	static final class Progress {

		final TableName table;

		final Instant requestedAt;

		@Nullable List<String> lastKey;

		int chunks;

		long rows;

		boolean started;

		boolean complete;

		Progress(ResyncState state) {
			this.table = state.table();
			this.requestedAt = state.requestedAt();
			this.lastKey = state.lastKey();
			this.chunks = state.chunks();
			this.rows = state.rows();
			this.started = state.chunks() > 0 || state.lastKey() != null;
			this.complete = !state.pending();
		}

	}

	/** A chunk between its watermarks, or delivered and waiting for its acknowledgement. */
	private static final class Chunk {

		final String id;

		final Progress progress;

		final RowLayout layout;

		final List<String> key;

		final LinkedHashMap<List<String>, Row> rows = new LinkedHashMap<>();

		boolean last;

		List<String> lastKey = List.of();

		boolean windowOpen;

		long delivered;

		Lsn end = Lsn.INVALID;

		Chunk(String id, Progress progress, RowLayout layout, List<String> key) {
			this.id = id;
			this.progress = progress;
			this.layout = layout;
			this.key = key;
		}

	}

	/** What a watermark means to the delivery. */
	record Watermark(Kind kind, @Nullable TableName table, List<Insert> rows, @Nullable Progress progress) {

		enum Kind {

			/** Not a watermark of a chunk in flight (a replay, another session's). */
			NONE,

			/** A chunk's window opened; {@link Progress#started} tells whether it is the table's first. */
			LOW,

			/** A chunk's window closed: its rows are to be delivered now. */
			HIGH

		}

	}

	private final Upstream upstream;

	private final StateSchema stateSchema;

	private final ShardMessages messages;

	private final int chunkSize;

	private final List<String> publications;

	private final SchemaLookup schema;

	/** The published schema of a table, as the stream follows it. */
	@FunctionalInterface
	interface SchemaLookup {

		Optional<TableSchema> table(TableName table) throws SQLException;

	}

	private final String session = UUID.randomUUID().toString();

	private final Deque<Progress> queue = new ArrayDeque<>();

	private final List<Chunk> unacknowledged = new ArrayList<>();

	/** What health shows, by table; written by the worker thread. */
	private final Map<TableName, Progress> known = new ConcurrentHashMap<>();

	private volatile boolean reload = true;

	private @Nullable Chunk chunk;

	private int sequence;

	private @Nullable Connection connection;

	TableResyncs(Upstream upstream, StateSchema stateSchema, ShardMessages messages, int chunkSize,
			List<String> publications, SchemaLookup schema) {
		this.upstream = upstream;
		this.stateSchema = stateSchema;
		this.messages = messages;
		this.chunkSize = chunkSize;
		this.publications = List.copyOf(publications);
		this.schema = schema;
	}

	/**
	 * Whether no re-read is in progress nor asked for: nothing queued, no chunk between its
	 * watermarks or waiting for its acknowledgement, no request to read. Worker thread only.
	 */
	boolean idle() {
		return !this.reload && this.queue.isEmpty() && this.chunk == null && this.unacknowledged.isEmpty();
	}

	/** New requests were recorded in the shard's state: they are read between transactions. */
	void signal() {
		this.reload = true;
	}

	/** Each re-sync this session knows of: table, chunks and rows delivered, whether complete. */
	List<SyncProgress> progress() {
		return this.known.values()
			.stream()
			.map((progress) -> new SyncProgress(progress.table, progress.rows, -1, progress.complete))
			.toList();
	}

	/**
	 * Between transactions: reads new requests, and starts the next chunk when none is in
	 * flight, writing its watermarks around its select.
	 */
	void between() throws SQLException {
		if (this.reload) {
			this.reload = false;
			load();
		}
		if (this.chunk != null || this.queue.isEmpty()) {
			return;
		}
		Progress progress = this.queue.peek();
		Optional<TableSchema> table = this.schema.table(progress.table);
		TableModel model = table.isPresent() ? TableModels.read(connection(), progress.table).orElse(null) : null;
		if (table.isEmpty() || model == null || !model.readableInChunks(PublishedSchemas.columnNames(table.get()))) {
			logger.warn("zero: re-sync of {} cancelled: the table is {}", progress.table,
					table.isEmpty() ? "no longer published" : "without a published key to read it in chunks by");
			this.queue.poll();
			this.known.remove(progress.table);
			ResyncState.cancel(connection(), this.stateSchema, progress.table);
			return;
		}
		Chunk chunk = new Chunk(this.session + "/" + (++this.sequence), progress,
				PublishedSchemas.layout(table.get(), model), model.chunkKey());
		Connection connection = connection();
		this.messages.watermark(connection, LOW + chunk.id);
		select(connection, chunk, table.get());
		this.messages.watermark(connection, HIGH + chunk.id);
		this.chunk = chunk;
	}

	/** Whether {@code message} is one of the re-syncs' watermarks (of this shard). */
	boolean isWatermark(LogicalMessage message) {
		return this.messages.isWatermark(message);
	}

	/** A watermark arrived in the stream. */
	Watermark watermark(LogicalMessage message, Instant snapshotTime) {
		String content = new String(message.content(), StandardCharsets.UTF_8);
		Chunk chunk = this.chunk;
		if (chunk == null) {
			return new Watermark(Watermark.Kind.NONE, null, List.of(), null);
		}
		if (content.equals(LOW + chunk.id)) {
			chunk.windowOpen = true;
			return new Watermark(Watermark.Kind.LOW, chunk.progress.table, List.of(), chunk.progress);
		}
		if (content.equals(HIGH + chunk.id) && chunk.windowOpen) {
			chunk.windowOpen = false;
			List<Insert> rows = new ArrayList<>(chunk.rows.size());
			for (Row row : chunk.rows.values()) {
				rows.add(new Insert(chunk.progress.table, row, true, 0, message.lsn(), snapshotTime));
			}
			chunk.delivered = rows.size();
			chunk.rows.clear();
			chunk.progress.started = true;
			chunk.progress.chunks++;
			chunk.progress.rows += rows.size();
			if (!chunk.lastKey.isEmpty()) {
				chunk.progress.lastKey = chunk.lastKey;
			}
			if (chunk.last) {
				chunk.progress.complete = true;
				this.queue.remove(chunk.progress);
			}
			this.chunk = null;
			this.unacknowledged.add(chunk);
			return new Watermark(Watermark.Kind.HIGH, chunk.progress.table, rows, chunk.progress);
		}
		return new Watermark(Watermark.Kind.NONE, null, List.of(), null);
	}

	/** A change the stream delivers: inside a chunk's window, it supersedes the chunk's row of its key. */
	void touched(Change change) {
		Chunk chunk = this.chunk;
		if (chunk == null || !chunk.windowOpen) {
			return;
		}
		TableName table = chunk.progress.table;
		if (change instanceof Insert insert && insert.table().equals(table)) {
			chunk.rows.remove(key(insert.row(), chunk.key));
		}
		else if (change instanceof Update update && update.table().equals(table)) {
			chunk.rows.remove(key(update.row(), chunk.key));
			if (update.old() != null) {
				chunk.rows.remove(key(update.old(), chunk.key));
			}
		}
		else if (change instanceof Delete delete && delete.table().equals(table)) {
			chunk.rows.remove(key(delete.old(), chunk.key));
		}
		else if (change instanceof Truncate truncate && truncate.tables().contains(table)) {
			chunk.rows.clear();
		}
	}

	/** The transaction that carried a high watermark committed at {@code end}. */
	void committed(Lsn end) {
		for (Chunk chunk : this.unacknowledged) {
			if (!chunk.end.isValid()) {
				chunk.end = end;
			}
		}
	}

	/** Everything up to {@code end} is acknowledged: the chunks it holds are recorded. */
	void acknowledged(Lsn end) throws SQLException {
		if (this.unacknowledged.isEmpty()) {
			return;
		}
		List<Chunk> done = this.unacknowledged.stream()
			.filter((chunk) -> chunk.end.isValid() && chunk.end.compareTo(end) <= 0)
			.collect(Collectors.toList());
		for (Chunk chunk : done) {
			ResyncState.chunkDone(connection(), this.stateSchema, chunk.progress.table, chunk.lastKey, chunk.delivered,
					chunk.last);
			if (chunk.last) {
				logger.info("zero: re-sync of {} complete: {} rows in {} chunks", chunk.progress.table,
						chunk.progress.rows, chunk.progress.chunks);
			}
		}
		this.unacknowledged.removeAll(done);
	}

	/** Ends the session: what is in flight is read again by the next one. */
	void close() {
		Connection connection = this.connection;
		this.connection = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// nothing is held
			}
		}
	}

	private void load() throws SQLException {
		List<ResyncState> states = ResyncState.read(connection(), this.stateSchema);
		Collection<TableName> queued = this.queue.stream().map((progress) -> progress.table).toList();
		for (ResyncState state : states) {
			Progress current = this.known.get(state.table());
			boolean restarted = current != null && state.pending() && state.chunks() == 0 && current.chunks > 0
					&& state.requestedAt().isAfter(current.requestedAt);
			if (current == null || restarted) {
				Progress progress = new Progress(state);
				this.known.put(state.table(), progress);
				if (restarted) {
					this.queue.removeIf((queuedProgress) -> queuedProgress.table.equals(state.table()));
					if (this.chunk != null && this.chunk.progress.table.equals(state.table())) {
						this.chunk = null;
					}
				}
				if (state.pending() && (restarted || !queued.contains(state.table()))) {
					this.queue.add(progress);
					logger.info("zero: re-sync of {} {}", state.table(),
							progress.started ? "resumes after chunk " + progress.chunks : "starts");
				}
			}
		}
	}

	private void select(Connection connection, Chunk chunk, TableSchema table) throws SQLException {
		String sql = CopyQuery.of(table.table(), table.columns().stream().map(ColumnSchema::name).toList())
			.rowFilter(SyncPlan.rowFilters(connection, this.publications).get(table.table()))
			.after(chunk.key, chunk.progress.lastKey, this.chunkSize)
			.sql();
		CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
		int width = table.columns().size();
		byte[] line;
		Row last = null;
		while ((line = copy.readFromCopy()) != null) {
			Row row = chunk.layout.row(CopyTextRow.parse(line, width));
			chunk.rows.put(key(row, chunk.key), row);
			last = row;
		}
		chunk.last = chunk.rows.size() < this.chunkSize;
		chunk.lastKey = (last != null) ? key(last, chunk.key) : List.of();
	}

	private Connection connection() throws SQLException {
		Connection connection = this.connection;
		if (connection == null || connection.isClosed()) {
			connection = this.upstream.connect();
			this.connection = connection;
		}
		return connection;
	}

	private static List<String> key(Row row, List<String> columns) {
		List<String> key = new ArrayList<>(columns.size());
		for (String column : columns) {
			key.add(row.getString(column));
		}
		return key;
	}

}
