package dev.zero.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.zero.change.Change;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.ListenerFailure;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.row.RowLayout;
import dev.zero.row.RowValues;

/**
 * A change a listener gave up on, with the listener and the error: what the dead-letter table
 * and topic hold. It rebuilds the change ({@link #change()}) so that it can be replayed. A
 * truncation keeps its first table only.
 *
 * @param id its id in the dead-letter table, 0 before it is stored
 * @param table the change's table
 * @param op what kind of change
 * @param lsn its position
 * @param xid its transaction
 * @param commitTime when the transaction committed
 * @param row the new row (of an insert or update), or {@code null}
 * @param old the old row (of a delete, or of an update that has one), or {@code null}
 * @param listener the listener, as {@link ListenerFailure#listenerName()} names it
 * @param error the error
 * @param stackTrace the error's stack trace
 * @param attempts how many times the listener failed on the change
 * @param createdAt when it was stored, or {@code null} before
 */
public record DeadLetter(long id, TableName table, Change.Op op, Lsn lsn, long xid, Instant commitTime,
		@Nullable List<DeadLetterColumn> row, @Nullable List<DeadLetterColumn> old, String listener, String error,
		String stackTrace, int attempts, @Nullable Instant createdAt) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The failure as a dead letter, not stored yet. */
	public static DeadLetter of(ListenerFailure failure) {
		Change change = failure.change();
		Row row = null;
		Row old = null;
		if (change instanceof Insert insert) {
			row = insert.row();
		}
		else if (change instanceof Update update) {
			row = update.row();
			old = update.old();
		}
		else if (change instanceof Delete delete) {
			old = delete.old();
		}
		StringWriter stack = new StringWriter();
		failure.error().printStackTrace(new PrintWriter(stack));
		return new DeadLetter(0, failure.table(), change.op(), change.lsn(), change.xid(), change.commitTime(),
				columns(row), columns(old), failure.listenerName(), String.valueOf(failure.error()),
				stack.toString(), failure.attempt(), null);
	}

	private static @Nullable List<DeadLetterColumn> columns(@Nullable Row row) {
		return (row != null) ? row.columns().stream().map((column) -> DeadLetterColumn.of(row, column)).toList()
				: null;
	}

	/** The change again, as the listener received it (a truncation of its first table only). */
	public Change change() {
		return switch (this.op) {
			case INSERT -> new Insert(this.table, row(required(this.row)), false, this.xid, this.lsn, this.commitTime);
			case UPDATE -> new Update(this.table, row(required(this.row)), (this.old != null) ? row(this.old) : null,
					this.xid, this.lsn, this.commitTime);
			case DELETE -> new Delete(this.table, row(required(this.old)), this.xid, this.lsn, this.commitTime);
			case TRUNCATE -> new Truncate(List.of(this.table), false, false, this.xid, this.lsn, this.commitTime);
		};
	}

	private List<DeadLetterColumn> required(@Nullable List<DeadLetterColumn> columns) {
		if (columns == null) {
			throw new IllegalStateException("dead letter " + this.id + " (" + this.op + ") has no row");
		}
		return columns;
	}

	private Row row(List<DeadLetterColumn> columns) {
		RowLayout layout = RowLayout.of(this.table, columns.stream().map(DeadLetterColumn::column).toList());
		return layout.row(new RowValues() {

			@Override
			public int size() {
				return columns.size();
			}

			@Override
			public boolean isNull(int index) {
				return columns.get(index).value() == null && !columns.get(index).unchangedToast();
			}

			@Override
			public boolean isUnchangedToast(int index) {
				return columns.get(index).unchangedToast();
			}

			@Override
			public @Nullable String text(int index) {
				return columns.get(index).value();
			}

		});
	}

	/** The dead letter as a JSON object (the change's rows as arrays of columns). */
	public ObjectNode toJson() {
		ObjectNode json = JSON.createObjectNode();
		if (this.id != 0) {
			json.put("id", this.id);
		}
		json.put("table", this.table.toString());
		json.put("op", this.op.toString());
		json.put("lsn", this.lsn.toString());
		json.put("xid", this.xid);
		json.put("commitTime", this.commitTime.toString());
		json.set("row", columnsJson(this.row));
		json.set("old", columnsJson(this.old));
		json.put("listener", this.listener);
		json.put("error", this.error);
		json.put("stackTrace", this.stackTrace);
		json.put("attempts", this.attempts);
		if (this.createdAt != null) {
			json.put("createdAt", this.createdAt.toString());
		}
		return json;
	}

	/** The rows as the dead-letter table keeps them: a JSON array of columns, or {@code null}. */
	static @Nullable String columnsText(@Nullable List<DeadLetterColumn> columns) {
		ArrayNode json = columnsJson(columns);
		return (json != null) ? JSON.writeValueAsString(json) : null;
	}

	static @Nullable List<DeadLetterColumn> parseColumns(@Nullable String text) {
		if (text == null) {
			return null;
		}
		return JSON.readTree(text)
			.valueStream()
			.map((column) -> new DeadLetterColumn(column.path("name").asString(), column.path("typeOid").asInt(),
					column.path("typeName").asString(), column.path("typeModifier").asInt(-1),
					column.path("key").asBoolean(), column.path("value").isNull() ? null : column.path("value").asString(),
					column.path("unchangedToast").asBoolean()))
			.toList();
	}

	private static @Nullable ArrayNode columnsJson(@Nullable List<DeadLetterColumn> columns) {
		if (columns == null) {
			return null;
		}
		ArrayNode array = JSON.createArrayNode();
		for (DeadLetterColumn column : columns) {
			ObjectNode node = array.addObject();
			node.put("name", column.name());
			node.put("typeOid", column.typeOid());
			node.put("typeName", column.typeName());
			node.put("typeModifier", column.typeModifier());
			node.put("key", column.key());
			if (column.value() == null) {
				node.putNull("value");
			}
			else {
				node.put("value", column.value());
			}
			if (column.unchangedToast()) {
				node.put("unchangedToast", true);
			}
		}
		return array;
	}

}
