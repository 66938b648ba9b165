package dev.zero.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Column;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Reset;
import dev.zero.change.Row;
import dev.zero.change.SchemaChange;
import dev.zero.change.SyncComplete;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.embedded.junit.TestDatabase;

/**
 * A listener that keeps what an application keeps: a copy of every published table, by
 * {@code id}, built from resets, snapshot rows and the stream, so that tests can compare it
 * with what {@code SELECT} returns.
 */
class ConvergedView implements ChangeListener {

	private final Map<String, Map<String, Map<String, String>>> tables = new ConcurrentHashMap<>();

	final List<Reset> resets = new CopyOnWriteArrayList<>();

	final List<SyncComplete> syncs = new CopyOnWriteArrayList<>();

	final List<SchemaChange> schemaChanges = new CopyOnWriteArrayList<>();

	/** Every change and schema change, in delivery order. */
	final List<Object> events = new CopyOnWriteArrayList<>();

	@Override
	public void onReset(Reset reset) {
		this.tables.clear();
		this.resets.add(reset);
		this.events.add(reset);
	}

	@Override
	public void onSyncComplete(SyncComplete complete) {
		this.syncs.add(complete);
		this.events.add(complete);
	}

	@Override
	public void onSchemaChange(SchemaChange change) {
		this.schemaChanges.add(change);
		this.events.add(change);
	}

	@Override
	public void onChange(Change change) {
		this.events.add(change);
		if (change instanceof Insert insert) {
			table(insert.table().toString()).put(insert.row().getString("id"), values(insert.row(), null));
		}
		else if (change instanceof Update update) {
			Map<String, Map<String, String>> rows = table(update.table().toString());
			String oldId = (update.old() != null && update.old().has("id")) ? update.old().getString("id")
					: update.row().getString("id");
			Map<String, String> previous = rows.remove(oldId);
			rows.put(update.row().getString("id"), values(update.row(), previous));
		}
		else if (change instanceof Delete delete) {
			table(delete.table().toString()).remove(delete.old().getString("id"));
		}
		else if (change instanceof Truncate truncate) {
			truncate.tables().forEach((table) -> table(table.toString()).clear());
		}
	}

	/** The view of one table: id to column values (as PostgreSQL's text), sorted by id text. */
	Map<String, Map<String, String>> view(String table) {
		return new TreeMap<>(table(table));
	}

	/** What {@code sql} returns, in the same shape (the first column must be {@code id}). */
	static Map<String, Map<String, String>> select(TestDatabase database, String sql) throws SQLException {
		Map<String, Map<String, String>> rows = new TreeMap<>();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			ResultSetMetaData meta = result.getMetaData();
			while (result.next()) {
				Map<String, String> values = new LinkedHashMap<>();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					values.put(meta.getColumnName(i), result.getString(i));
				}
				rows.put(values.get("id"), values);
			}
		}
		return rows;
	}

	List<Change> changes() {
		List<Change> changes = new ArrayList<>();
		this.events.stream().filter(Change.class::isInstance).map(Change.class::cast).forEach(changes::add);
		return changes;
	}

	private Map<String, Map<String, String>> table(String name) {
		return this.tables.computeIfAbsent(name, (key) -> new ConcurrentHashMap<>());
	}

	private static Map<String, String> values(Row row, Map<String, String> previous) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Column column : row.columns()) {
			values.put(column.name(), row.isUnchangedToast(column.name()) && previous != null
					? previous.get(column.name()) : row.getString(column.name()));
		}
		return values;
	}

}
