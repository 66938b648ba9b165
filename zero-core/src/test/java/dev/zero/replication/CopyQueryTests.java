package dev.zero.replication;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.change.TableName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code COPY} statements the initial sync and the re-syncs read tables with, as text.
 */
class CopyQueryTests {

	private static final TableName ITEMS = new TableName("public", "items");

	@Test
	void copiesEveryRowOfTheColumnsInText() {
		assertThat(CopyQuery.of(ITEMS, List.of("id", "name")).sql())
			.isEqualTo("COPY (SELECT \"id\", \"name\" FROM \"public\".\"items\") TO STDOUT");
	}

	@Test
	void copiesARangeOfBlocksInBinary() {
		assertThat(CopyQuery.of(ITEMS, List.of("id")).blocks(1024, 2048).binary(true).sql())
			.isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"items\" WHERE ctid >= '(1024,0)'::tid "
					+ "AND ctid < '(2048,0)'::tid) TO STDOUT (FORMAT binary)");
	}

	@Test
	void leavesANegativeBlockBoundOpen() {
		assertThat(CopyQuery.of(ITEMS, List.of("id")).blocks(-1, 1024).sql())
			.isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"items\" WHERE ctid < '(1024,0)'::tid) TO STDOUT");
		assertThat(CopyQuery.of(ITEMS, List.of("id")).blocks(1024, -1).sql())
			.isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"items\" WHERE ctid >= '(1024,0)'::tid) TO STDOUT");
		assertThat(CopyQuery.of(ITEMS, List.of("id")).blocks(-1, -1).sql())
			.isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"items\") TO STDOUT");
	}

	@Test
	void appliesTheRowFilterInParenthesesAfterTheBlocks() {
		assertThat(CopyQuery.of(ITEMS, List.of("id")).blocks(0, 8).rowFilter("id > 10 OR id < 5").sql())
			.isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"items\" WHERE ctid >= '(0,0)'::tid "
					+ "AND ctid < '(8,0)'::tid AND (id > 10 OR id < 5)) TO STDOUT");
	}

	@Test
	void withoutARowFilterAddsNoCondition() {
		assertThat(CopyQuery.of(ITEMS, List.of("id")).rowFilter(null).sql())
			.isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"items\") TO STDOUT");
	}

	@Test
	void readsTheFirstChunkInKeyOrder() {
		assertThat(CopyQuery.of(ITEMS, List.of("id", "name")).after(List.of("id"), null, 500).sql())
			.isEqualTo("COPY (SELECT \"id\", \"name\" FROM \"public\".\"items\" ORDER BY \"id\" LIMIT 500) TO STDOUT");
	}

	@Test
	void readsTheNextChunkAfterTheLastKeyAsUntypedLiterals() {
		assertThat(CopyQuery.of(ITEMS, List.of("tenant", "id", "name"))
			.rowFilter("tenant <> 'x'")
			.after(List.of("tenant", "id"), List.of("o'brien", "42"), 100)
			.sql())
			.isEqualTo("COPY (SELECT \"tenant\", \"id\", \"name\" FROM \"public\".\"items\" WHERE (tenant <> 'x') "
					+ "AND (\"tenant\", \"id\") > ('o''brien', '42') ORDER BY \"tenant\", \"id\" LIMIT 100) TO STDOUT");
	}

	@Test
	void quotesEveryName() {
		TableName table = new TableName("My Schema", "we\"ird");
		assertThat(CopyQuery.of(table, List.of("Mixed Case", "a\"b")).after(List.of("a\"b"), List.of("1"), 10).sql())
			.isEqualTo("COPY (SELECT \"Mixed Case\", \"a\"\"b\" FROM \"My Schema\".\"we\"\"ird\" "
					+ "WHERE (\"a\"\"b\") > ('1') ORDER BY \"a\"\"b\" LIMIT 10) TO STDOUT");
	}

}
