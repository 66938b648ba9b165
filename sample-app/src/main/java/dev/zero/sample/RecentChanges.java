package dev.zero.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Column;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;

/**
 * A listener as an application writes one: keeps the last 200 changes of the database in
 * memory, for {@code GET /changes}.
 */
@Component
class RecentChanges implements ChangeListener {

	static final int CAPACITY = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Deque<ChangeView> changes = new ArrayDeque<>();

	@Override
	public void onChange(Change change) {
		if (change instanceof Insert insert) {
			add(new ChangeView("insert", insert.table(), change, values(insert.row()), null));
		}
		else if (change instanceof Update update) {
			add(new ChangeView("update", update.table(), change, values(update.row()), values(update.old())));
		}
		else if (change instanceof Delete delete) {
			add(new ChangeView("delete", delete.table(), change, null, values(delete.old())));
		}
		else if (change instanceof Truncate truncate) {
			truncate.tables().forEach((table) -> add(new ChangeView("truncate", table, change, null, null)));
		}
	}

	/** The changes kept, oldest first. */
	synchronized List<ChangeView> list() {
		return new ArrayList<>(this.changes);
	}

	private synchronized void add(ChangeView view) {
		if (this.changes.size() == CAPACITY) {
			this.changes.removeFirst();
		}
		this.changes.addLast(view);
	}

	/**
	 * The row's values as JSON-friendly objects; columns whose unchanged TOAST value was not
	 * sent are left out.
	 */
	private static Map<String, Object> values(Row row) {
		if (row == null) {
			return null;
		}
		Map<String, Object> values = new LinkedHashMap<>();
		for (Column column : row.columns()) {
			if (!row.isUnchangedToast(column.name())) {
				values.put(column.name(), json(row, column));
			}
		}
		return values;
	}

	private static Object json(Row row, Column column) {
		Object value = row.getObject(column.name());
		if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.util.UUID) {
			return value.toString();
		}
		if (value != null && ("json".equals(column.typeName()) || "jsonb".equals(column.typeName()))) {
			return JSON.readTree(row.getJson(column.name()));
		}
		return value;
	}

	/**
	 * One change as {@code GET /changes} shows it.
	 */
	record ChangeView(String op, String table, String lsn, String commitTime, Map<String, Object> row,
			Map<String, Object> old) {

		ChangeView(String op, TableName table, Change change, Map<String, Object> row, Map<String, Object> old) {
			this(op, table.toString(), change.lsn().toString(), change.commitTime().toString(), row, old);
		}

	}

}
