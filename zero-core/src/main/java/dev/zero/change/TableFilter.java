package dev.zero.change;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The tables a {@link ChangeListener} wants to hear about: all of them, or a fixed set. It only
 * selects what is delivered to one listener; which tables are published is decided elsewhere.
 */
public final class TableFilter {

	private static final TableFilter ALL = new TableFilter(null);

	private final @Nullable Set<TableName> tables;

	private TableFilter(@Nullable Set<TableName> tables) {
		this.tables = tables;
	}

	/** Every table. */
	public static TableFilter all() {
		return ALL;
	}

	/**
	 * The named tables.
	 * @param tables names as {@code schema.table}, or {@code table} for a table in
	 * {@code public} (see {@link TableName#parse(String)})
	 * @return the filter
	 */
	public static TableFilter of(String... tables) {
		return of(Arrays.stream(tables).map(TableName::parse).toList());
	}

	/**
	 * The given tables.
	 * @param tables at least one table
	 * @return the filter
	 */
	public static TableFilter of(Collection<TableName> tables) {
		if (tables.isEmpty()) {
			throw new IllegalArgumentException("A table filter needs at least one table; use TableFilter.all() for "
					+ "every table");
		}
		Set<TableName> copy = new LinkedHashSet<>();
		tables.forEach((table) -> copy.add(Objects.requireNonNull(table, "tables must not contain null")));
		return new TableFilter(Set.copyOf(copy));
	}

	public boolean matches(TableName table) {
		return this.tables == null || this.tables.contains(table);
	}

	/**
	 * Whether a change is delivered to a listener with this filter: a row change when its table
	 * matches, a truncation when one of its tables does.
	 * @param change the change
	 * @return whether it matches
	 */
	public boolean matches(Change change) {
		if (this.tables == null) {
			return true;
		}
		for (TableName table : change.tables()) {
			if (matches(table)) {
				return true;
			}
		}
		return false;
	}

	/** Whether this filter lets every table through. */
	public boolean isAll() {
		return this.tables == null;
	}

	/** The tables this filter lets through, empty for {@link #all()}. */
	public Set<TableName> tables() {
		return (this.tables != null) ? this.tables : Set.of();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof TableFilter that) && Objects.equals(this.tables, that.tables);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.tables);
	}

	@Override
	public String toString() {
		return (this.tables == null) ? "all tables" : this.tables.toString();
	}

}
