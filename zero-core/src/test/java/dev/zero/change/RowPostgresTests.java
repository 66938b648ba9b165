package dev.zero.change;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.pgoutput.LogicalSlot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Changes and rows built from what PostgreSQL 17's pgoutput sends, compared with JDBC.
 */
class RowPostgresTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void decodesEveryTypeAsJdbcReadsItInEveryTimeZone() throws SQLException {
		TypeRoundTrip.run(postgres.database(), "row_types", List.of("UTC", "Asia/Kolkata", "America/Sao_Paulo",
				"Europe/Amsterdam", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"));
	}

	@Test
	void marksUnchangedToastInTheNewRowWhileAFullOldRowHasTheValue() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE documents (id int PRIMARY KEY, body text, note text)",
				"ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL",
				"ALTER TABLE documents REPLICA IDENTITY FULL", "CREATE PUBLICATION documents_pub FOR TABLE documents");
		try (LogicalSlot slot = LogicalSlot.create(db, "row_toast", "documents_pub")) {
			db.execute("INSERT INTO documents SELECT 1, string_agg(md5(random()::text), ''), NULL "
					+ "FROM generate_series(1, 1000)");
			String body = db.queryForString("SELECT body FROM documents");
			db.execute("UPDATE documents SET note = 'read' WHERE id = 1");
			Update update = new ChangeStream().decode(slot.take(), Update.class).get(0);
			Row row = update.row();
			assertThat(row.isUnchangedToast("body")).isTrue();
			assertThat(row.isNull("body")).isFalse();
			assertThat(row.getString("note")).isEqualTo("read");
			assertThatExceptionOfType(ColumnValueException.class).isThrownBy(() -> row.getString("body"))
				.withMessageContaining("Column \"body\" (text) of public.documents has no value to read as String: "
						+ "it is an unchanged TOAST value");
			assertThat(update.old().getString("body")).hasSize(32_000).isEqualTo(body);
			assertThat(update.old().isNull("note")).isTrue();
		}
	}

	@Test
	void givesOnlyTheKeyColumnsOfAnOldKey() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE pairs (title text, a int, b text, PRIMARY KEY (a, b))",
				"CREATE PUBLICATION pairs_pub FOR TABLE pairs");
		try (LogicalSlot slot = LogicalSlot.create(db, "row_keys", "pairs_pub")) {
			db.execute("INSERT INTO pairs VALUES ('t', 1, 'x')", "UPDATE pairs SET title = 'u'",
					"UPDATE pairs SET a = 2", "DELETE FROM pairs");
			List<Change> changes = new ChangeStream().decode(slot.take(), Change.class);
			assertThat(((Update) changes.get(1)).old()).isNull();
			Row oldKey = ((Update) changes.get(2)).old();
			assertThat(oldKey.columns()).extracting(Column::name).containsExactly("a", "b");
			assertThat(oldKey.getInt("a")).isEqualTo(1);
			assertThat(oldKey.has("title")).isFalse();
			assertThat(((Update) changes.get(2)).row().getInt("a")).isEqualTo(2);
			Row deleted = ((Delete) changes.get(3)).old();
			assertThat(deleted).hasToString("{a=2, b=x}");
			assertThat(deleted.column("b")).isEqualTo(new Column("b", 25, "text", true));
		}
	}

	@Test
	void deliversTransactionsTruncatesAndMessagesInOrder() {
		TestDatabase db = postgres.database();
		db.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id int PRIMARY KEY)",
				"CREATE TABLE app.tags (id int PRIMARY KEY)", "CREATE PUBLICATION app_pub FOR TABLES IN SCHEMA app");
		try (LogicalSlot slot = LogicalSlot.create(db, "row_events", "app_pub")) {
			db.execute("INSERT INTO app.items VALUES (1)",
					"SELECT pg_logical_emit_message(true, 'zero', 'done') FROM app.items",
					"TRUNCATE app.items, app.tags");
			db.execute("SELECT pg_logical_emit_message(false, 'zero', 'now', true)");
			List<Object> events = new ChangeStream().decode(slot.take());
			assertThat(events).extracting((event) -> (Object) event.getClass())
				.containsExactly(Begin.class, Insert.class, Commit.class, Begin.class, LogicalMessage.class,
						Commit.class, Begin.class, Truncate.class, Commit.class, LogicalMessage.class);
			Begin begin = (Begin) events.get(0);
			Insert insert = (Insert) events.get(1);
			Commit commit = (Commit) events.get(2);
			assertThat(insert.table()).isEqualTo(TableName.parse("app.items"));
			assertThat(TableFilter.of("app.items").matches(insert.table())).isTrue();
			assertThat(insert.xid()).isEqualTo(begin.xid()).isEqualTo(commit.xid());
			assertThat(insert.lsn()).isLessThan(commit.commitLsn());
			assertThat(commit.commitLsn()).isEqualTo(begin.commitLsn()).isLessThan(commit.endLsn());
			assertThat(insert.commitTime()).isEqualTo(commit.commitTime());
			LogicalMessage done = (LogicalMessage) events.get(4);
			assertThat(done.transactional()).isTrue();
			assertThat(done.xid()).isEqualTo(((Begin) events.get(3)).xid());
			assertThat(done.contentAsString()).isEqualTo("done");
			Truncate truncate = (Truncate) events.get(7);
			assertThat(truncate.tables()).containsExactly(new TableName("app", "items"), new TableName("app", "tags"));
			LogicalMessage now = (LogicalMessage) events.get(9);
			assertThat(now.transactional()).isFalse();
			assertThat(now.xid()).isZero();
			assertThat(now.lsn()).isGreaterThan(((Commit) events.get(8)).endLsn());
		}
	}

}
