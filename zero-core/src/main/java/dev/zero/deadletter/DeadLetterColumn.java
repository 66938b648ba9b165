package dev.zero.deadletter;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Column;
import dev.zero.change.Row;

/**
 * One column of a dead-lettered row: its description and its value as PostgreSQL's text.
 *
 * @param name the column's name
 * @param typeOid the OID of its type
 * @param typeName its type's name, as {@link Column#typeName()}
 * @param typeModifier its type modifier, -1 when none
 * @param key whether it is part of the replica identity
 * @param value the value as text, or {@code null} for SQL NULL and an unchanged TOASTed value
 * @param unchangedToast whether the value was a TOASTed value the change did not touch (not
 * sent)
 */
public record DeadLetterColumn(String name, int typeOid, String typeName, int typeModifier, boolean key,
		@Nullable String value, boolean unchangedToast) {

	static DeadLetterColumn of(Row row, Column column) {
		boolean unchanged = row.isUnchangedToast(column.name());
		return new DeadLetterColumn(column.name(), column.typeOid(), column.typeName(), column.typeModifier(),
				column.key(), (unchanged || row.isNull(column.name())) ? null : row.getString(column.name()),
				unchanged);
	}

	Column column() {
		return new Column(this.name, this.typeOid, this.typeName, this.typeModifier, this.key);
	}

}
