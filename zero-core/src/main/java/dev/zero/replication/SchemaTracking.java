package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.PublishedSchema;
import dev.zero.change.SchemaChange;
import dev.zero.change.TableName;
import dev.zero.change.TableSchema;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.state.ResyncState;
import dev.zero.state.ShardConfig;
import dev.zero.state.StateSchema;
import dev.zero.state.SyncState;

/**
 * Follows the published schema through a session: passes events on to the listeners, takes the
 * DDL messages' schema as the new one, compares each relation description in the stream with
 * it, and records it in the shard's state when a transaction changed it. What it cannot follow
 * in place (a table newly published with rows nobody copied, a relation that differs) is a
 * reason to start over, which it holds for the session to act on; it never throws for it.
 */
final class SchemaTracking implements TransactionSink<ListenerException> {

	/** How long a committed statement may stay invisible to other sessions (see readableInChunks). */
	private static final Duration CATALOG_VISIBILITY = Duration.ofMillis(500);


	private static final Logger logger = LoggerFactory.getLogger(SchemaTracking.class);

	private final Delivery delivery;

	private final Connection monitor;

	private final Object monitorLock;

	private final StateSchema stateSchema;

	private PublishedSchema schema;

	private boolean changed;

	private @Nullable String resetReason;

	private Runnable resyncRequested = () -> {
	};

	private Consumer<RelationMessage> relations = (relation) -> {
	};

	SchemaTracking(Delivery delivery, PublishedSchema schema, Connection monitor, Object monitorLock,
			StateSchema stateSchema) {
		this.delivery = delivery;
		this.schema = schema;
		this.monitor = monitor;
		this.monitorLock = monitorLock;
		this.stateSchema = stateSchema;
	}

	/**
	 * The published schema of {@code table}: as the stream has it, or, for a table published
	 * since and not in the stream yet (a re-sync is about to read it), as the database
	 * describes it now, which the stream then joins.
	 */
	Optional<TableSchema> table(TableName table) throws SQLException {
		Optional<TableSchema> known = this.schema.table(table);
		if (known.isPresent()) {
			return known;
		}
		Optional<TableSchema> published;
		synchronized (this.monitorLock) {
			published = PublishedSchemas.parse(SyncPlan.publishedSchema(this.monitor, this.stateSchema)).table(table);
		}
		if (published.isPresent()) {
			List<TableSchema> tables = new ArrayList<>(this.schema.tables());
			tables.add(published.get());
			this.schema = new PublishedSchema(tables);
			this.changed = true;
		}
		return published;
	}

	/** Why replicated state must start over, or {@code null}. */
	@Nullable String resetReason() {
		return this.resetReason;
	}

	/**
	 * Compares a relation description with the published schema; a table that a provisioning
	 * round published after the stream started (table by table, without event triggers) joins
	 * it when the round found it empty (it records a reset otherwise) and it is published as the
	 * stream describes it.
	 */
	void relation(RelationMessage relation) throws SQLException {
		this.relations.accept(relation);
		String difference = PublishedSchemas.difference(this.schema, relation);
		if (difference == null) {
			return;
		}
		PublishedSchema adopted;
		synchronized (this.monitorLock) {
			adopted = adoptNewlyPublished(relation);
		}
		if (adopted == null) {
			this.resetReason = difference;
			return;
		}
		this.schema = adopted;
		this.changed = true;
	}

	/** Records the published schema when the committed transaction changed it. */
	void committed() throws SQLException {
		if (this.changed) {
			synchronized (this.monitorLock) {
				SyncState.updatePublishedSchema(this.monitor, this.stateSchema, PublishedSchemas.toJson(this.schema));
			}
			this.changed = false;
		}
	}

	@Override
	public void begin(Begin begin) throws ListenerException {
		this.delivery.begin(begin);
	}

	@Override
	public void origin(String name) throws ListenerException {
		this.delivery.origin(name);
	}

	@Override
	public void change(Change change) throws ListenerException {
		this.delivery.change(change);
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		this.delivery.message(message);
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		if (!"CREATE TABLE".equals(change.commandTag())) {
			// A table that existed before and is published now has rows nobody copied: each is
			// re-read while streaming, or replicated state starts over when one has no key.
			List<TableSchema> uncopied = change.after()
				.tables()
				.stream()
				.filter((table) -> change.before().table(table.table()).isEmpty())
				.toList();
			if (!uncopied.isEmpty() && !requestResyncs(uncopied)) {
				this.resetReason = "table " + uncopied.get(0).table() + " is newly published by " + change.commandTag()
						+ " with rows that were never copied";
				return;
			}
		}
		// the message describes the whole published schema after the statement
		this.schema = change.after();
		this.changed = true;
		this.delivery.schemaChange(change);
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		this.delivery.commit(commit);
	}

	/**
	 * Whether every table can be re-read in chunks by a published key, as the catalog says. The
	 * statement that published them has committed (its message was decoded), but the walsender
	 * may decode a commit a moment before other sessions see it: a table that looks keyless is
	 * read again for a short while before it counts as keyless.
	 */
	private boolean readableInChunks(List<TableSchema> tables, List<TableName> names) throws SQLException {
		long deadline = System.nanoTime() + CATALOG_VISIBILITY.toNanos();
		while (true) {
			Map<TableName, TableModel> models = new HashMap<>();
			TableModels.read(this.monitor, names).forEach((model) -> models.put(model.table(), model));
			boolean readable = tables.stream().allMatch((table) -> {
				TableModel model = models.get(table.table());
				return model != null && model.readableInChunks(PublishedSchemas.columnNames(table));
			});
			if (readable || System.nanoTime() > deadline) {
				return readable;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	/**
	 * Records a re-sync of each of {@code tables} when all have a published key to be read in
	 * chunks by.
	 * @return whether it did
	 */
	private boolean requestResyncs(List<TableSchema> tables) throws ListenerException {
		List<TableName> names = tables.stream().map(TableSchema::table).toList();
		try {
			synchronized (this.monitorLock) {
				if (!readableInChunks(tables, names)) {
					return false;
				}
				for (TableName table : names) {
					ResyncState.request(this.monitor, this.stateSchema, table);
				}
			}
		}
		catch (SQLException ex) {
			// the schema cannot be followed in place without it
			logger.warn("zero: could not request a re-sync of {} ({}); resetting instead", names, ex.getMessage());
			return false;
		}
		this.resyncRequested.run();
		return true;
	}

	/** Told when a schema change requested re-syncs. */
	void onResyncRequested(Runnable resyncRequested) {
		this.resyncRequested = resyncRequested;
	}

	/** Told of every relation description in the stream, before it is compared. */
	void onRelation(Consumer<RelationMessage> relations) {
		this.relations = relations;
	}

	private @Nullable PublishedSchema adoptNewlyPublished(RelationMessage relation) throws SQLException {
		TableName name = PublishedSchemas.tableOf(relation);
		if (this.schema.table(name).isPresent()) {
			return null;
		}
		Optional<ShardConfig> config = ShardConfig.read(this.monitor, this.stateSchema);
		if (config.isEmpty() || !"tables".equals(config.get().publicationMode())
				|| SyncState.read(this.monitor, this.stateSchema).resetPending() != null) {
			return null;
		}
		Optional<TableSchema> table = PublishedSchemas
			.parse(SyncPlan.publishedSchema(this.monitor, this.stateSchema))
			.table(name);
		if (table.isEmpty()) {
			return null;
		}
		List<TableSchema> tables = new ArrayList<>(this.schema.tables());
		tables.add(table.get());
		PublishedSchema adopted = new PublishedSchema(tables);
		return (PublishedSchemas.difference(adopted, relation) == null) ? adopted : null;
	}

}
