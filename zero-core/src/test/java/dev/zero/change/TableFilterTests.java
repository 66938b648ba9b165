package dev.zero.change;

import java.util.List;

import org.junit.jupiter.api.Test;

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
	void refusesAnEmptyList() {
		assertThatIllegalArgumentException().isThrownBy(TableFilter::of).withMessageContaining("TableFilter.all()");
	}

}
