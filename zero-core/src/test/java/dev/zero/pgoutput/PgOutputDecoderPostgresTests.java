package dev.zero.pgoutput;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes what PostgreSQL 17's pgoutput really sends, read from a slot through
 * {@code pg_logical_slot_get_binary_changes}.
 */
class PgOutputDecoderPostgresTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private final PgOutputDecoder decoder = new PgOutputDecoder();

	@Test
	void decodesACommittedTransactionFromBeginToCommit() throws SQLException {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE tx (id int PRIMARY KEY, title text)", "CREATE PUBLICATION tx_pub FOR TABLE tx");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_tx", "tx_pub")) {
			long xid = transaction(db, "INSERT INTO tx VALUES (1, 'first')", "INSERT INTO tx VALUES (2, NULL)");
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			assertThat(messages).extracting((message) -> (Object) message.getClass())
				.containsExactly(BeginMessage.class, RelationMessage.class, InsertMessage.class, InsertMessage.class,
						CommitMessage.class);
			BeginMessage begin = (BeginMessage) messages.get(0);
			CommitMessage commit = (CommitMessage) messages.get(4);
			assertThat(begin.xid()).isEqualTo(xid);
			assertThat(begin.finalLsn()).isEqualTo(commit.commitLsn());
			assertThat(commit.endLsn()).isGreaterThan(commit.commitLsn());
			assertThat(commit.flags()).isZero();
			assertThat(begin.commitTime()).isEqualTo(commit.commitTime());
			assertThat(Duration.between(commit.commitTime(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
			RelationMessage relation = (RelationMessage) messages.get(1);
			assertThat(relation.relationId()).isEqualTo(oid(db, "'tx'::regclass"));
			assertThat(relation).isEqualTo(new RelationMessage(relation.relationId(), "public", "tx", 'd',
					List.of(new RelationColumn(true, "id", 23, -1), new RelationColumn(false, "title", 25, -1))));
			InsertMessage first = (InsertMessage) messages.get(2);
			assertThat(first.relation()).isSameAs(relation);
			assertThat(first.newTuple().text(0)).isEqualTo("1");
			assertThat(first.newTuple().text(1)).isEqualTo("first");
			assertThat(((InsertMessage) messages.get(3)).newTuple().isNull(1)).isTrue();
		}
	}

	@Test
	void describesTypesThatAreNotBuiltInBeforeTheirRelation() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')", "CREATE DOMAIN positive AS int CHECK (VALUE > 0)",
				"CREATE TABLE typed (id int PRIMARY KEY, m mood, p positive, ms mood[], v varchar(12))",
				"CREATE PUBLICATION typed_pub FOR TABLE typed");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_types", "typed_pub")) {
			db.execute("INSERT INTO typed VALUES (1, 'happy', 5, '{sad,happy}', 'twelve')");
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			int mood = oid(db, "'mood'::regtype");
			int positive = oid(db, "'positive'::regtype");
			int moods = oid(db, "'mood[]'::regtype");
			assertThat(messages.subList(1, 4)).containsExactly(new TypeMessage(mood, "public", "mood"),
					new TypeMessage(positive, "", "int4"), new TypeMessage(moods, "public", "_mood"));
			RelationMessage relation = (RelationMessage) messages.get(4);
			assertThat(relation.columns()).extracting(RelationColumn::typeOid)
				.containsExactly(23, mood, positive, moods, 1043);
			assertThat(relation.columns().get(4).typeModifier()).isEqualTo(12 + 4);
			assertThat(((InsertMessage) messages.get(5)).newTuple().text(3)).isEqualTo("{sad,happy}");
		}
	}

	@Test
	void reportsUnchangedToastDistinctFromNull() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE toasty (id int PRIMARY KEY, body text, note text)",
				// EXTERNAL stores large values out of line without compressing them
				"ALTER TABLE toasty ALTER COLUMN body SET STORAGE EXTERNAL",
				"CREATE PUBLICATION toasty_pub FOR TABLE toasty");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_toast", "toasty_pub")) {
			db.execute("INSERT INTO toasty SELECT 1, string_agg(md5(random()::text), ''), NULL "
					+ "FROM generate_series(1, 1000)");
			db.execute("UPDATE toasty SET note = 'touched' WHERE id = 1", "UPDATE toasty SET note = NULL WHERE id = 1",
					"UPDATE toasty SET body = 'short' WHERE id = 1");
			List<UpdateMessage> updates = slot.takeDecoded(this.decoder)
				.stream()
				.filter(UpdateMessage.class::isInstance)
				.map(UpdateMessage.class::cast)
				.toList();
			assertThat(updates).hasSize(3);
			TupleData touched = updates.get(0).newTuple();
			assertThat(touched.kind(1)).isEqualTo(TupleData.UNCHANGED_TOAST);
			assertThat(touched.isNull(1)).isFalse();
			assertThat(touched.text(2)).isEqualTo("touched");
			TupleData nulled = updates.get(1).newTuple();
			assertThat(nulled.isUnchangedToast(1)).isTrue();
			assertThat(nulled.isNull(2)).isTrue();
			assertThat(nulled.isUnchangedToast(2)).isFalse();
			assertThat(updates.get(2).newTuple().text(1)).isEqualTo("short");
		}
	}

	@Test
	void sendsWholeOldRowsWithReplicaIdentityFull() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE full_rows (id int PRIMARY KEY, title text, n int)",
				"ALTER TABLE full_rows REPLICA IDENTITY FULL", "CREATE PUBLICATION full_pub FOR TABLE full_rows");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_full", "full_pub")) {
			db.execute("INSERT INTO full_rows VALUES (1, 'before', NULL)",
					"UPDATE full_rows SET title = 'after' WHERE id = 1", "DELETE FROM full_rows WHERE id = 1");
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			RelationMessage relation = (RelationMessage) messages.get(1);
			assertThat(relation.replicaIdentity()).isEqualTo('f');
			assertThat(relation.columns()).allMatch(RelationColumn::key);
			UpdateMessage update = only(messages, UpdateMessage.class);
			assertThat(update.oldKind()).isEqualTo(UpdateMessage.OLD_ROW);
			assertThat(update.oldTuple()).hasToString("TupleData['1', 'before', null]");
			assertThat(update.newTuple()).hasToString("TupleData['1', 'after', null]");
			DeleteMessage delete = only(messages, DeleteMessage.class);
			assertThat(delete.oldKind()).isEqualTo('O');
			assertThat(delete.oldTuple()).hasToString("TupleData['1', 'after', null]");
		}
	}

	@Test
	void sendsTheOldKeyOnlyWhenTheKeyChanges() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE keyed (title text, id int PRIMARY KEY)",
				"CREATE PUBLICATION keyed_pub FOR TABLE keyed");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_key", "keyed_pub")) {
			db.execute("INSERT INTO keyed VALUES ('a', 1)", "UPDATE keyed SET title = 'b' WHERE id = 1",
					"UPDATE keyed SET id = 2 WHERE id = 1", "DELETE FROM keyed WHERE id = 2");
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			RelationMessage relation = (RelationMessage) messages.get(1);
			assertThat(relation.columns()).extracting(RelationColumn::key).containsExactly(false, true);
			List<UpdateMessage> updates = messages.stream()
				.filter(UpdateMessage.class::isInstance)
				.map(UpdateMessage.class::cast)
				.toList();
			assertThat(updates.get(0).oldKind()).isEqualTo(UpdateMessage.NO_OLD_TUPLE);
			assertThat(updates.get(0).oldTuple()).isNull();
			assertThat(updates.get(1).oldKind()).isEqualTo(UpdateMessage.OLD_KEY);
			assertThat(updates.get(1).oldTuple()).hasToString("TupleData[null, '1']");
			assertThat(updates.get(1).newTuple()).hasToString("TupleData['b', '2']");
			DeleteMessage delete = only(messages, DeleteMessage.class);
			assertThat(delete.oldKind()).isEqualTo('K');
			assertThat(delete.oldTuple()).hasToString("TupleData[null, '2']");
		}
	}

	@Test
	void decodesOneTruncateOfSeveralTables() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE parent (id serial PRIMARY KEY)",
				"CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent)",
				"CREATE TABLE other (id int PRIMARY KEY)",
				"CREATE PUBLICATION truncate_pub FOR TABLE parent, child, other");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_truncate", "truncate_pub")) {
			db.execute("TRUNCATE parent, other RESTART IDENTITY CASCADE", "TRUNCATE other");
			List<TruncateMessage> truncates = slot.takeDecoded(this.decoder)
				.stream()
				.filter(TruncateMessage.class::isInstance)
				.map(TruncateMessage.class::cast)
				.toList();
			assertThat(truncates).hasSize(2);
			assertThat(truncates.get(0).cascade()).isTrue();
			assertThat(truncates.get(0).restartIdentity()).isTrue();
			assertThat(truncates.get(0).relations()).extracting(RelationMessage::name)
				.containsExactlyInAnyOrder("parent", "child", "other");
			assertThat(truncates.get(1).cascade()).isFalse();
			assertThat(truncates.get(1).restartIdentity()).isFalse();
			assertThat(truncates.get(1).relations()).extracting(RelationMessage::name).containsExactly("other");
		}
	}

	@Test
	void decodesTransactionalAndNonTransactionalMessages() throws SQLException {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE signals (id int PRIMARY KEY)", "CREATE PUBLICATION signals_pub FOR TABLE signals");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_messages", "signals_pub")) {
			transaction(db, "INSERT INTO signals VALUES (1)",
					"SELECT pg_logical_emit_message(true, 'zero', 'in the transaction ✓')");
			// logical decoding reads only flushed WAL, and nothing else flushes a lone message
			db.execute("SELECT pg_logical_emit_message(false, 'zero.raw', '\\x00ff'::bytea, true)");
			try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				statement.execute("SELECT pg_logical_emit_message(false, 'zero', 'survives rollback', true)");
				statement.execute("SELECT pg_logical_emit_message(true, 'zero', 'rolled back')");
				connection.rollback();
			}
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			assertThat(messages).extracting((message) -> (Object) message.getClass())
				.containsExactly(BeginMessage.class, RelationMessage.class, InsertMessage.class,
						LogicalDecodingMessage.class, CommitMessage.class, LogicalDecodingMessage.class,
						LogicalDecodingMessage.class);
			LogicalDecodingMessage inTransaction = (LogicalDecodingMessage) messages.get(3);
			assertThat(inTransaction.transactional()).isTrue();
			assertThat(inTransaction.prefix()).isEqualTo("zero");
			assertThat(new String(inTransaction.content(), java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo("in the transaction ✓");
			// the end of the message's WAL record, which is where the commit record starts
			assertThat(inTransaction.lsn()).isEqualTo(((CommitMessage) messages.get(4)).commitLsn());
			LogicalDecodingMessage raw = (LogicalDecodingMessage) messages.get(5);
			assertThat(raw.transactional()).isFalse();
			assertThat(raw.prefix()).isEqualTo("zero.raw");
			assertThat(raw.content()).containsExactly(0x00, 0xFF);
			assertThat(((LogicalDecodingMessage) messages.get(6)).content()).asString().isEqualTo("survives rollback");
		}
	}

	@Test
	void replacesTheCachedRelationWhenATableGainsAColumn() {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE growing (id int PRIMARY KEY)", "CREATE PUBLICATION growing_pub FOR TABLE growing");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_alter", "growing_pub")) {
			db.execute("INSERT INTO growing VALUES (1)", "ALTER TABLE growing ADD COLUMN extra text DEFAULT 'x'",
					"INSERT INTO growing VALUES (2, 'y')");
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			List<RelationMessage> relations = messages.stream()
				.filter(RelationMessage.class::isInstance)
				.map(RelationMessage.class::cast)
				.toList();
			assertThat(relations).hasSize(2);
			assertThat(relations.get(1).relationId()).isEqualTo(relations.get(0).relationId());
			assertThat(relations.get(1).columns()).extracting(RelationColumn::name).containsExactly("id", "extra");
			List<InsertMessage> inserts = messages.stream()
				.filter(InsertMessage.class::isInstance)
				.map(InsertMessage.class::cast)
				.toList();
			assertThat(inserts.get(0).relation()).isSameAs(relations.get(0));
			assertThat(inserts.get(1).relation()).isSameAs(relations.get(1));
			assertThat(inserts.get(1).newTuple().text(1)).isEqualTo("y");
			assertThat(this.decoder.relation(relations.get(0).relationId())).containsSame(relations.get(1));
		}
	}

	@Test
	void decodesTheOriginOfReplayedTransactions() throws SQLException {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE replayed (id int PRIMARY KEY)", "CREATE PUBLICATION replayed_pub FOR TABLE replayed",
				"SELECT pg_replication_origin_create('zero_upstream')");
		try (LogicalSlot slot = LogicalSlot.create(db, "decoder_origin", "replayed_pub")) {
			try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_replication_origin_session_setup('zero_upstream')");
				connection.setAutoCommit(false);
				statement.execute("SELECT pg_replication_origin_xact_setup('1/ABCDEF', now())");
				statement.execute("INSERT INTO replayed VALUES (1)");
				connection.commit();
				connection.setAutoCommit(true);
				statement.execute("SELECT pg_replication_origin_session_reset()");
			}
			List<PgOutputMessage> messages = slot.takeDecoded(this.decoder);
			assertThat(messages.get(1)).isEqualTo(new OriginMessage(0x1_00ABCDEFL, "zero_upstream"));
			assertThat(messages.get(3)).isInstanceOf(InsertMessage.class);
		}
		finally {
			db.execute("SELECT pg_replication_origin_drop('zero_upstream')");
		}
	}

	private static <T> T only(List<PgOutputMessage> messages, Class<T> type) {
		List<T> matching = messages.stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	private static int oid(TestDatabase db, String expression) {
		return (int) db.queryForLong("SELECT (" + expression + ")::oid::bigint");
	}

	/** Runs the statements in one transaction and returns its xid. */
	private static long transaction(TestDatabase db, String... statements) throws SQLException {
		try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			for (String sql : statements) {
				statement.execute(sql);
			}
			long xid;
			try (ResultSet rows = statement.executeQuery("SELECT txid_current() & 4294967295")) {
				rows.next();
				xid = rows.getLong(1);
			}
			connection.commit();
			return xid;
		}
	}

}
