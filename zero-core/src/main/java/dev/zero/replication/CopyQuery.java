package dev.zero.replication;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.change.TableName;
import dev.zero.sql.Identifiers;

/**
 * Builds the {@code COPY (SELECT ...) TO STDOUT} statement that the initial sync and the
 * re-syncs read a table's rows with: its published columns, in text ({@link CopyTextRow}) or
 * binary ({@link dev.zero.row.RowLayout#binaryRow}); optionally a range of its blocks by
 * {@code ctid}, the publications' row filter, and the rows after a key, in key order. Every
 * name goes through {@link Identifiers}; the row filter is the server's own text of the
 * expression and is taken whole, in parentheses. The conditions are joined in the order they
 * were added. It builds text only, and runs nothing.
 */
final class CopyQuery {

	private final TableName table;

	private final List<String> columns;

	private final List<String> conditions = new ArrayList<>();

	private List<String> orderBy = List.of();

	private int limit;

	private boolean binary;

	private CopyQuery(TableName table, List<String> columns) {
		this.table = table;
		this.columns = List.copyOf(columns);
	}

	/** The copy of {@code columns} of {@code table}, in text, every row. */
	static CopyQuery of(TableName table, List<String> columns) {
		return new CopyQuery(table, columns);
	}

	/**
	 * Only the rows in the blocks from {@code fromBlock} up to (not including) {@code toBlock};
	 * a negative bound leaves that end open.
	 */
	CopyQuery blocks(long fromBlock, long toBlock) {
		if (fromBlock >= 0) {
			this.conditions.add("ctid >= '(" + fromBlock + ",0)'::tid");
		}
		if (toBlock >= 0) {
			this.conditions.add("ctid < '(" + toBlock + ",0)'::tid");
		}
		return this;
	}

	/** Only the rows the publications' row filter lets through; none when {@code null}. */
	CopyQuery rowFilter(@Nullable String filter) {
		if (filter != null) {
			this.conditions.add("(" + filter + ")");
		}
		return this;
	}

	/**
	 * Only the rows whose {@code key} comes after {@code values} (every row when {@code null}),
	 * at most {@code limit} of them, in key order.
	 * @param key the key's columns, in order
	 * @param values the key of the last row read, as text
	 * @param limit the most rows read
	 */
	CopyQuery after(List<String> key, @Nullable List<String> values, int limit) {
		if (values != null) {
			// untyped literals take the key columns' types
			this.conditions.add("(" + names(key) + ") > ("
					+ String.join(", ", values.stream().map(Identifiers::literal).toList()) + ")");
		}
		this.orderBy = List.copyOf(key);
		this.limit = limit;
		return this;
	}

	/** In binary ({@code FORMAT binary}) rather than text. */
	CopyQuery binary(boolean binary) {
		this.binary = binary;
		return this;
	}

	String sql() {
		StringBuilder sql = new StringBuilder("COPY (SELECT ").append(names(this.columns))
			.append(" FROM ")
			.append(Identifiers.qualified(this.table.schema(), this.table.name()));
		if (!this.conditions.isEmpty()) {
			sql.append(" WHERE ").append(String.join(" AND ", this.conditions));
		}
		if (!this.orderBy.isEmpty()) {
			sql.append(" ORDER BY ").append(names(this.orderBy)).append(" LIMIT ").append(this.limit);
		}
		sql.append(") TO STDOUT");
		if (this.binary) {
			sql.append(" (FORMAT binary)");
		}
		return sql.toString();
	}

	@Override
	public String toString() {
		return sql();
	}

	private static String names(List<String> names) {
		return String.join(", ", names.stream().map(Identifiers::quote).toList());
	}

}
