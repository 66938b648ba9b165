package dev.zero.change;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ChangeTests {

	private static final TableName TODO_TABLE = new TableName("public", "todo");

	private static final Row ROW = RowLayout.of(TODO_TABLE, List.of(new Column("id", 23, "int4", true)))
		.row(TextValues.of("1"));

	@Test
	void namesEachOperationInLowerCase() {
		Instant now = Instant.now();
		List<Change> changes = List.of(new Insert(TODO_TABLE, ROW, false, 7, Lsn.of(1), now),
				new Update(TODO_TABLE, ROW, null, 7, Lsn.of(2), now), new Delete(TODO_TABLE, ROW, 7, Lsn.of(3), now),
				new Truncate(List.of(TODO_TABLE), false, false, 7, Lsn.of(4), now));
		assertThat(changes).extracting((change) -> change.op().toString())
			.containsExactly("insert", "update", "delete", "truncate");
		assertThat(changes).extracting(Change::xid).containsOnly(7L);
	}

	@Test
	void isSealedToTheFourKindsOfChange() {
		assertThat(Change.class.getPermittedSubclasses()).containsExactlyInAnyOrder(Insert.class, Update.class,
				Delete.class, Truncate.class);
		Instant commitTime = Instant.parse("2024-01-02T03:04:05Z");
		assertThat(new Delete(TODO_TABLE, ROW, 7, Lsn.of(0x16B3748L), commitTime))
			.hasToString("Delete[table=public.todo, old={id=1}, xid=7, lsn=0/16B3748, commitTime=2024-01-02T03:04:05Z]");
	}

	@Test
	void keepsItsOwnCopyOfTruncatedTables() {
		List<TableName> tables = new ArrayList<>(List.of(TODO_TABLE));
		Truncate truncate = new Truncate(tables, true, true, 7, Lsn.of(4), Instant.now());
		tables.clear();
		assertThat(truncate.tables()).containsExactly(TODO_TABLE);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> truncate.tables().clear());
	}

	@Test
	void givesMessageContentAsUtf8() {
		LogicalMessage message = new LogicalMessage(0, Lsn.of(5), false, "zero", "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(message.contentAsString()).isEqualTo("héllo");
		assertThat(message).isEqualTo(new LogicalMessage(0, Lsn.of(5), false, "zero", "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

}
