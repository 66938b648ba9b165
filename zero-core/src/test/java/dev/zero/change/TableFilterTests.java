package dev.zero.change;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableFilterTests {

	@Test
	void allMatchesEveryTable() {
		assertThat(TableFilter.all().matches(new TableName("any", "thing"))).isTrue();
		assertThat(TableFilter.all().isAll()).isTrue();
		assertThat(TableFilter.all().tables()).isEmpty();
	}

	@Test
	void matchesOnlyTheNamedTablesWithBareNamesInPublic() {
		TableFilter filter = TableFilter.of("todo", "app.items");
		assertThat(filter.matches(new TableName("public", "todo"))).isTrue();
		assertThat(filter.matches(new TableName("app", "items"))).isTrue();
		assertThat(filter.matches(new TableName("app", "todo"))).isFalse();
		assertThat(filter.matches(new TableName("public", "Todo"))).isFalse();
		assertThat(filter.isAll()).isFalse();
		assertThat(filter.tables()).containsExactlyInAnyOrder(new TableName("public", "todo"),
				new TableName("app", "items"));
		assertThat(filter).isEqualTo(TableFilter.of(List.of(new TableName("app", "items"), new TableName("public", "todo"))));
	}

	@Test
	void matchesARowChangeByItsTableAndATruncationByAnyOfItsTables() {
		TableName todo = new TableName("public", "todo");
		TableName other = new TableName("public", "other");
		Row row = RowLayout.of(todo, List.of(new Column("id", 23, "int4", true))).row(TextValues.of("1"));
		Instant now = Instant.now();
		TableFilter filter = TableFilter.of("todo");
		assertThat(filter.matches(new Insert(todo, row, false, 7, Lsn.of(1), now))).isTrue();
		assertThat(filter.matches(new Update(other, row, null, 7, Lsn.of(2), now))).isFalse();
		assertThat(filter.matches(new Delete(todo, row, 7, Lsn.of(3), now))).isTrue();
		assertThat(filter.matches(new Truncate(List.of(other, todo), false, false, 7, Lsn.of(4), now))).isTrue();
		assertThat(filter.matches(new Truncate(List.of(other), false, false, 7, Lsn.of(5), now))).isFalse();
		assertThat(TableFilter.all().matches(new Truncate(List.of(other), false, false, 7, Lsn.of(6), now))).isTrue();
	}

	@Test
	void refusesAnEmptyList() {
		assertThatIllegalArgumentException().isThrownBy(TableFilter::of).withMessageContaining("TableFilter.all()");
	}

}
