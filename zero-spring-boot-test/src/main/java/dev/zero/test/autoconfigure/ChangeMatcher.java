package dev.zero.test.autoconfigure;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Change;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;

/**
 * Which change a test waits for: its kind, its table and a condition on its row. Describes
 * itself and the changes that arrived for the message of a test that fails.
 */
final class ChangeMatcher<C extends Change> {

	private final Class<C> type;

	private final TableName table;

	private final @Nullable Predicate<Row> row;

	ChangeMatcher(Class<C> type, String table, @Nullable Predicate<Row> row) {
		this.type = type;
		this.table = TableName.parse(table);
		this.row = row;
	}

	/** The change as a {@code C} when it matches, else {@code null}. */
	@Nullable C match(Change change) {
		if (!this.type.isInstance(change)) {
			return null;
		}
		if (change instanceof Truncate truncate) {
			return (this.row == null && truncate.tables().contains(this.table)) ? this.type.cast(change) : null;
		}
		Row row = rowOf(change);
		if (!this.table.equals(change.tables().get(0)) || row == null || (this.row != null && !this.row.test(row))) {
			return null;
		}
		return this.type.cast(change);
	}

	/** The row a condition is about: the new row of an insert or update, the old row of a delete. */
	static @Nullable Row rowOf(Change change) {
		if (change instanceof Insert insert) {
			return insert.row();
		}
		if (change instanceof Update update) {
			return update.row();
		}
		if (change instanceof Delete delete) {
			return delete.old();
		}
		return null;
	}


	/** One line per change: {@code insert public.todo {id=1, title=x}}. */
	static String describe(Change change) {
		if (change instanceof Truncate truncate) {
			return "truncate " + truncate.tables();
		}
		String text = change.op() + " " + change.tables().get(0) + " ";
		if (change instanceof Update update) {
			return text + update.row() + ((update.old() != null) ? " old " + update.old() : "");
		}
		if (change instanceof Delete delete) {
			return text + "old " + delete.old();
		}
		return text + rowOf(change);
	}

	@Override
	public String toString() {
		String kind = (this.type == Change.class) ? "change" : this.type.getSimpleName().toLowerCase();
		return kind + " on " + this.table + ((this.row != null) ? " matching the condition" : "");
	}

}
