package dev.zero.change;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableNameTests {

	@Test
	void parsesQualifiedNames() {
		assertThat(TableName.parse("app.todo")).isEqualTo(new TableName("app", "todo"));
	}

	@Test
	void parsesBareNamesAsPublic() {
		assertThat(TableName.parse("todo")).isEqualTo(new TableName("public", "todo"));
	}

	@Test
	void keepsCaseAndReadsQuotedParts() {
		assertThat(TableName.parse("App.Todo")).isEqualTo(new TableName("App", "Todo"));
		assertThat(TableName.parse("\"my.schema\".\"to\"\"do\"")).isEqualTo(new TableName("my.schema", "to\"do"));
		assertThat(TableName.parse("\"a.b\"")).isEqualTo(new TableName("public", "a.b"));
	}

	@Test
	void printsUnquotedForDisplay() {
		assertThat(new TableName("public", "todo")).hasToString("public.todo");
	}

	@Test
	void rejectsMalformedNames() {
		for (String text : new String[] { "", ".", "a.", ".b", "a.b.c", "\"a", "\"\".b", "\"a\"b" }) {
			assertThatIllegalArgumentException().as(text)
				.isThrownBy(() -> TableName.parse(text))
				.withMessageContaining("Not a table name: '" + text + "'");
		}
	}

}
