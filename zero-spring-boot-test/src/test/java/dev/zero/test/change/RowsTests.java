package dev.zero.test.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.zero.change.ColumnValueException;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RowsTests {

	private static final UUID ID = UUID.fromString("0b6c47c4-8b07-4b4e-9a7e-6c1d1f0e2a3b");

	@Test
	void readsEachValueBackAsItsNaturalJavaTypeWithTheTypeInferred() {
		Instant at = Instant.parse("2024-03-01T12:30:00.5Z");
		Row row = Rows.of("todo")
			.key("id", 1L)
			.column("title", "water the plants")
			.column("done", true)
			.column("priority", 3)
			.column("ref", ID)
			.column("price", new BigDecimal("12.50"))
			.column("due", LocalDate.of(2024, 3, 1))
			.column("created_at", at)
			.column("data", new byte[] { 1, 2 })
			.column("tags", List.of("a b", "c"))
			.build();
		assertThat(row.getLong("id")).isEqualTo(1L);
		assertThat(row.getString("title")).isEqualTo("water the plants");
		assertThat(row.getBoolean("done")).isTrue();
		assertThat(row.getString("done")).isEqualTo("t");
		assertThat(row.getInt("priority")).isEqualTo(3);
		assertThat(row.getUuid("ref")).isEqualTo(ID);
		assertThat(row.getBigDecimal("price")).isEqualTo(new BigDecimal("12.50"));
		assertThat(row.getLocalDate("due")).isEqualTo(LocalDate.of(2024, 3, 1));
		assertThat(row.getInstant("created_at")).isEqualTo(at);
		assertThat(row.getOffsetDateTime("created_at")).isEqualTo(at.atOffset(ZoneOffset.UTC));
		assertThat(row.getString("created_at")).isEqualTo("2024-03-01 12:30:00.5+00");
		assertThat(row.getBytes("data")).containsExactly(1, 2);
		assertThat(row.getString("data")).isEqualTo("\\x0102");
		assertThat(row.getList("tags", String.class)).containsExactly("a b", "c");
		assertThat(row.getString("tags")).isEqualTo("{\"a b\",c}");
		assertThat(row.column("id").typeName()).isEqualTo("int8");
		assertThat(row.column("id").key()).isTrue();
		assertThat(row.column("tags").typeName()).isEqualTo("_text");
	}

	@Test
	void refusesWhatARowFromTheStreamRefuses() {
		Row row = Rows.of("todo").key("id", 1L).column("title", "x").build();
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getLong("title"))
			.withMessageContaining("Column \"title\" (text) of public.todo");
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getString("missing"))
			.withMessageContaining("its columns are id, title");
	}

	@Test
	void takesNamedTypesAndTheirTextAsGiven() {
		OffsetDateTime at = OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));
		Row row = Rows.of("public.event")
			.key("id", 7, "bigint")
			.column("payload", "{\"a\": 1}", "jsonb")
			.column("mood", "happy", "public.mood")
			.column("counts", List.of(1, 2), "integer[]")
			.column("at", at, "timestamp with time zone")
			.column("note", null)
			.column("score", null, "int4")
			.build();
		assertThat(row.column("id").typeName()).isEqualTo("int8");
		assertThat(row.getLong("id")).isEqualTo(7L);
		assertThat(row.getJson("payload")).isEqualTo("{\"a\": 1}");
		assertThat(row.getObject("mood")).isEqualTo("happy");
		assertThat(row.column("counts").typeName()).isEqualTo("_int4");
		assertThat(row.getList("counts")).containsExactly(1, 2);
		assertThat(row.getOffsetDateTime("at")).isEqualTo(at);
		assertThat(row.isNull("note")).isTrue();
		assertThat(row.getInt("score")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> Rows.of("todo").column("x", 1, "int44"))
			.withMessageContaining("'int44' is not a built-in type");
	}

	@Test
	void marksUnchangedToastValues() {
		Row row = Rows.of("doc").key("id", 1L).unchangedToast("body", "text").build();
		assertThat(row.isUnchangedToast("body")).isTrue();
		assertThat(row.isNull("body")).isFalse();
		assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getString("body"))
			.withMessageContaining("unchanged TOAST value");
	}

	@Test
	void buildsTheOldKeyOfADeleteFromTheKeyColumns() {
		RowBuilder todo = Rows.of("todo").key("id", 1L).column("title", "x");
		Delete delete = Changes.delete(todo);
		assertThat(delete.table()).isEqualTo(new TableName("public", "todo"));
		assertThat(delete.old().has("title")).isFalse();
		assertThat(delete.old().getLong("id")).isEqualTo(1L);
		assertThat(Changes.deleteWholeRow(todo).old().getString("title")).isEqualTo("x");
		assertThatIllegalStateException().isThrownBy(() -> Changes.delete(Rows.of("todo").column("title", "x")))
			.withMessageContaining("No key column");
	}

	@Test
	void makesChangesInWalOrderWithDefaults() {
		RowBuilder todo = Rows.of("todo").key("id", 1L).column("title", "x");
		Insert insert = Changes.insert(todo);
		Update update = Changes.update(todo, Rows.of("todo").key("id", 1L).column("title", "old"));
		Update keyChanged = Changes.updateOfKey(todo, Rows.of("todo").key("id", 2L).column("title", "x"));
		Truncate truncate = Changes.truncate("todo", "audit.log");
		assertThat(insert.snapshot()).isFalse();
		assertThat(insert.xid()).isEqualTo(Changes.XID);
		assertThat(insert.row()).isEqualTo(todo.build());
		assertThat(update.lsn()).isGreaterThan(insert.lsn());
		assertThat(update.old().getString("title")).isEqualTo("old");
		assertThat(Changes.update(todo).old()).isNull();
		assertThat(keyChanged.old().columns()).hasSize(1);
		assertThat(truncate.tables()).containsExactly(new TableName("public", "todo"), new TableName("audit", "log"));
		assertThat(Changes.snapshotInsert(todo).snapshot()).isTrue();
	}

}
