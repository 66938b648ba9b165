package dev.zero.pgoutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.zero.pgoutput.MessageBytes.message;
import static dev.zero.pgoutput.MessageBytes.relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PgOutputDecoderTests {

	// 2024-01-02T03:04:05.123456Z in microseconds since 2000-01-01
	private static final long COMMIT_MICROS = 757_479_845_123_456L;

	private final PgOutputDecoder decoder = new PgOutputDecoder();

	@Test
	void decodesBeginWithUnsignedXidAndCommitTime() {
		byte[] bytes = message('B').int64(0x16B3748L).int64(COMMIT_MICROS).int32(0xFFFFFFFE).build();
		BeginMessage begin = (BeginMessage) this.decoder.decode(bytes);
		assertThat(begin.finalLsn()).isEqualTo(0x16B3748L);
		assertThat(begin.xid()).isEqualTo(4294967294L);
		assertThat(begin.commitTimeMicros()).isEqualTo(COMMIT_MICROS);
		assertThat(begin.commitTime()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
	}

	@Test
	void decodesCommitTimesBeforeThePostgresEpoch() {
		byte[] bytes = message('C').int8(0).int64(0x100L).int64(0x180L).int64(-1L).build();
		CommitMessage commit = (CommitMessage) this.decoder.decode(bytes);
		assertThat(commit).isEqualTo(new CommitMessage(0, 0x100L, 0x180L, -1L));
		assertThat(commit.commitTime()).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
	}

	@Test
	void decodesOrigin() {
		byte[] bytes = message('O').int64(0x12345678L).string("node_ä").build();
		assertThat(this.decoder.decode(bytes)).isEqualTo(new OriginMessage(0x12345678L, "node_ä"));
	}

	@Test
	void decodesRelationAndRemembersIt() {
		byte[] bytes = message('R').int32(0x80000001)
			.string("app")
			.string("tâche")
			.int8('f')
			.int16(2)
			.int8(1).string("id").int32(20).int32(-1)
			.int8(0).string("title").int32(1043).int32(104)
			.build();
		RelationMessage relation = (RelationMessage) this.decoder.decode(bytes);
		assertThat(relation).isEqualTo(new RelationMessage(0x80000001, "app", "tâche", 'f',
				List.of(new RelationColumn(true, "id", 20, -1), new RelationColumn(false, "title", 1043, 104))));
		assertThat(relation.isReplicaIdentityFull()).isTrue();
		assertThat(this.decoder.relation(0x80000001)).contains(relation);
	}

	@Test
	void decodesTypeWithItsQualifiedName() {
		TypeMessage type = (TypeMessage) this.decoder.decode(message('Y').int32(16390).string("public").string("mood").build());
		assertThat(type).isEqualTo(new TypeMessage(16390, "public", "mood"));
		assertThat(type.qualifiedName()).isEqualTo("public.mood");
		assertThat(new TypeMessage(16391, "", "int4").qualifiedName()).isEqualTo("int4");
	}

	@Test
	void decodesInsertWithItsRelationAndEveryKindOfValue() {
		RelationMessage relation = (RelationMessage) this.decoder.decode(relation(7, "public", "t", "a", "b", "c", "d", "e"));
		byte[] bytes = message('I').int32(7)
			.int8('N')
			.int16(5)
			.text("héllo ✓")
			.nullValue()
			.unchangedToast()
			.text("")
			.binary(new byte[] { 0, 1, (byte) 0xFF })
			.build();
		InsertMessage insert = (InsertMessage) this.decoder.decode(bytes);
		assertThat(insert.relation()).isSameAs(relation);
		TupleData tuple = insert.newTuple();
		assertThat(tuple.size()).isEqualTo(5);
		assertThat(tuple.kind(0)).isEqualTo(TupleData.TEXT);
		assertThat(tuple.text(0)).isEqualTo("héllo ✓");
		assertThat(tuple.length(0)).isEqualTo("héllo ✓".getBytes(StandardCharsets.UTF_8).length);
		assertThat(tuple.isNull(1)).isTrue();
		assertThat(tuple.text(1)).isNull();
		assertThat(tuple.text(3)).isEmpty();
		assertThat(tuple.isNull(3)).isFalse();
		assertThat(tuple.isBinary(4)).isTrue();
		assertThat(tuple.bytes(4)).containsExactly(0, 1, 0xFF);
		assertThat(tuple).hasToString("TupleData['héllo ✓', null, <unchanged toast>, '', <3 binary bytes>]");
	}

	@Test
	void decodesUnchangedToastAsItsOwnMarker() {
		this.decoder.decode(relation(7, "public", "t", "id", "body"));
		byte[] bytes = message('U').int32(7).int8('N').int16(2).text("1").unchangedToast().build();
		TupleData tuple = ((UpdateMessage) this.decoder.decode(bytes)).newTuple();
		assertThat(tuple.kind(1)).isEqualTo(TupleData.UNCHANGED_TOAST);
		assertThat(tuple.isUnchangedToast(1)).isTrue();
		assertThat(tuple.isNull(1)).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> tuple.text(1)).withMessageContaining("unchanged TOAST");
		assertThatIllegalStateException().isThrownBy(() -> tuple.bytes(1)).withMessageContaining("unchanged TOAST");
	}

	@Test
	void decodesUpdateWithoutOldTuple() {
		this.decoder.decode(relation(7, "public", "t", "id", "title"));
		byte[] bytes = message('U').int32(7).int8('N').int16(2).text("1").text("new").build();
		UpdateMessage update = (UpdateMessage) this.decoder.decode(bytes);
		assertThat(update.oldKind()).isEqualTo(UpdateMessage.NO_OLD_TUPLE);
		assertThat(update.oldTuple()).isNull();
		assertThat(update.newTuple().text(1)).isEqualTo("new");
	}

	@Test
	void decodesUpdateWithOldKey() {
		this.decoder.decode(relation(7, "public", "t", "id", "title"));
		byte[] bytes = message('U').int32(7)
			.int8('K').int16(2).text("1").nullValue()
			.int8('N').int16(2).text("2").text("same")
			.build();
		UpdateMessage update = (UpdateMessage) this.decoder.decode(bytes);
		assertThat(update.oldKind()).isEqualTo(UpdateMessage.OLD_KEY);
		assertThat(update.oldTuple().text(0)).isEqualTo("1");
		assertThat(update.oldTuple().isNull(1)).isTrue();
		assertThat(update.newTuple().text(0)).isEqualTo("2");
	}

	@Test
	void decodesUpdateWithOldRow() {
		this.decoder.decode(relation(7, "public", "t", "id", "title"));
		byte[] bytes = message('U').int32(7)
			.int8('O').int16(2).text("1").text("old")
			.int8('N').int16(2).text("1").text("new")
			.build();
		UpdateMessage update = (UpdateMessage) this.decoder.decode(bytes);
		assertThat(update.oldKind()).isEqualTo(UpdateMessage.OLD_ROW);
		assertThat(update.oldTuple().text(1)).isEqualTo("old");
		assertThat(update.newTuple().text(1)).isEqualTo("new");
	}

	@Test
	void decodesDeleteWithOldKeyOrOldRow() {
		this.decoder.decode(relation(7, "public", "t", "id", "title"));
		DeleteMessage byKey = (DeleteMessage) this.decoder
			.decode(message('D').int32(7).int8('K').int16(2).text("1").nullValue().build());
		assertThat(byKey.oldKind()).isEqualTo('K');
		assertThat(byKey.oldTuple().text(0)).isEqualTo("1");
		DeleteMessage byRow = (DeleteMessage) this.decoder
			.decode(message('D').int32(7).int8('O').int16(2).text("1").text("old").build());
		assertThat(byRow.oldKind()).isEqualTo('O');
		assertThat(byRow.oldTuple().text(1)).isEqualTo("old");
	}

	@Test
	void decodesTruncateResolvingEveryRelation() {
		RelationMessage first = (RelationMessage) this.decoder.decode(relation(7, "public", "a", "id"));
		RelationMessage second = (RelationMessage) this.decoder.decode(relation(8, "public", "b", "id"));
		TruncateMessage cascade = (TruncateMessage) this.decoder
			.decode(message('T').int32(2).int8(1).int32(7).int32(8).build());
		assertThat(cascade).isEqualTo(new TruncateMessage(true, false, List.of(first, second)));
		TruncateMessage restart = (TruncateMessage) this.decoder
			.decode(message('T').int32(1).int8(2).int32(8).build());
		assertThat(restart).isEqualTo(new TruncateMessage(false, true, List.of(second)));
	}

	@Test
	void decodesTransactionalAndNonTransactionalMessages() {
		byte[] content = { 'h', 0, 'i' };
		LogicalDecodingMessage transactional = (LogicalDecodingMessage) this.decoder
			.decode(message('M').int8(1).int64(0x42L).string("zero").int32(3).bytes(content).build());
		assertThat(transactional).isEqualTo(new LogicalDecodingMessage(true, 0x42L, "zero", content));
		LogicalDecodingMessage other = (LogicalDecodingMessage) this.decoder
			.decode(message('M').int8(0).int64(0x43L).string("").int32(0).build());
		assertThat(other.transactional()).isFalse();
		assertThat(other.prefix()).isEmpty();
		assertThat(other.content()).isEmpty();
	}

	@Test
	void replacesTheCachedRelationWhenItIsDescribedAgain() {
		this.decoder.decode(relation(7, "public", "t", "id"));
		this.decoder.decode(message('I').int32(7).int8('N').int16(1).text("1").build());
		RelationMessage altered = (RelationMessage) this.decoder.decode(relation(7, "public", "t", "id", "added"));
		InsertMessage insert = (InsertMessage) this.decoder
			.decode(message('I').int32(7).int8('N').int16(2).text("2").text("x").build());
		assertThat(insert.relation()).isSameAs(altered);
		assertThat(this.decoder.relation(7)).contains(altered);
	}

	@Test
	void forgetsRelationsWhenCleared() {
		this.decoder.decode(relation(7, "public", "t", "id"));
		this.decoder.clear();
		assertThat(this.decoder.relation(7)).isEmpty();
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('I').int32(7).int8('N').int16(1).text("1").build()));
	}

	@Test
	void rejectsDataForARelationItWasNeverTold() {
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('D').int32(-2).int8('K').int16(0).build()))
			.withMessageContaining("Delete message for relation 4294967294 before any Relation message");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('T').int32(1).int8(0).int32(99).build()))
			.withMessageContaining("Truncate message for relation 99");
	}

	@Test
	void rejectsUnknownMessageTypesNamingTheByte() {
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(new byte[] { 'Z', 0 }))
			.withMessage("Unknown pgoutput message type 'Z' (0x5A)");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(new byte[] { (byte) 0xC3 }))
			.withMessage("Unknown pgoutput message type 0xC3");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('S').int32(1).int8(1).build()))
			.withMessageStartingWith("Unknown pgoutput message type 'S' (0x53); it is a streaming message");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(new byte[0]))
			.withMessageContaining("Empty pgoutput message");
	}

	@Test
	void rejectsTruncatedMessagesSayingWhatIsMissing() {
		byte[] begin = message('B').int64(1).int64(2).int32(3).build();
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(Arrays.copyOf(begin, begin.length - 1)))
			.withMessage("Malformed pgoutput Begin message of 20 bytes: truncated: the xid needs 4 bytes at offset 17 "
					+ "but only 3 remain");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('O').int64(1).bytes("no-nul".getBytes()).build()))
			.withMessageContaining("the origin name at offset 9 has no terminating NUL byte");
		this.decoder.decode(relation(7, "public", "t", "id"));
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('I').int32(7).int8('N').int16(1).int8('t').int32(10).text("abc").build()))
			.withMessageContaining("the column value needs 10 bytes");
	}

	@Test
	void rejectsWhatProtoVersionOneNeverSends() {
		byte[] commit = message('C').int8(0).int64(1).int64(2).int64(3).int32(4).build();
		assertThatExceptionOfType(PgOutputException.class).isThrownBy(() -> this.decoder.decode(commit))
			.withMessageContaining("4 bytes left over after the last field");
		this.decoder.decode(relation(7, "public", "t", "id", "title"));
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('I').int32(7).int8('N').int16(1).text("1").build()))
			.withMessageContaining("the tuple has 1 columns but the last Relation message for public.t described 2");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('I').int32(7).int8('X').build()))
			.withMessageContaining("expected 'N' before the new tuple but found 'X' (0x58)");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('D').int32(7).int8('N').build()))
			.withMessageContaining("expected 'K' or 'O' before the old tuple but found 'N'");
		assertThatExceptionOfType(PgOutputException.class)
			.isThrownBy(() -> this.decoder.decode(message('I').int32(7).int8('N').int16(2).text("1").int8('x').build()))
			.withMessageContaining("unknown column kind 'x' (0x78) for column 1");
	}

	@Test
	void decodesFromASliceOfALargerArrayWithoutMovingTheBuffer() {
		this.decoder.decode(relation(7, "public", "t", "id"));
		byte[] insert = message('I').int32(7).int8('N').int16(1).text("42").build();
		byte[] frame = new byte[insert.length + 30];
		System.arraycopy(insert, 0, frame, 25, insert.length);
		ByteBuffer slice = ByteBuffer.wrap(frame, 25, insert.length).slice();
		InsertMessage decoded = (InsertMessage) this.decoder.decode(slice);
		assertThat(decoded.newTuple().text(0)).isEqualTo("42");
		assertThat(slice.position()).isZero();
		ByteBuffer wrapped = ByteBuffer.wrap(frame, 25, insert.length);
		assertThat(((InsertMessage) this.decoder.decode(wrapped)).newTuple().text(0)).isEqualTo("42");
		assertThat(wrapped.position()).isEqualTo(25);
	}

	@Test
	void copiesDirectAndReadOnlyBuffers() {
		this.decoder.decode(relation(7, "public", "t", "id"));
		byte[] insert = message('I').int32(7).int8('N').int16(1).text("42").build();
		ByteBuffer direct = ByteBuffer.allocateDirect(insert.length).put(insert).flip();
		assertThat(((InsertMessage) this.decoder.decode(direct)).newTuple().text(0)).isEqualTo("42");
		assertThat(direct.position()).isZero();
		ByteBuffer readOnly = ByteBuffer.wrap(insert).asReadOnlyBuffer();
		TupleData tuple = ((InsertMessage) this.decoder.decode(readOnly)).newTuple();
		insert[insert.length - 1] = '3';
		assertThat(tuple.text(0)).isEqualTo("42");
	}

	@Test
	void comparesTuplesByContent() {
		this.decoder.decode(relation(7, "public", "t", "id", "title"));
		byte[] first = message('I').int32(7).int8('N').int16(2).text("1").nullValue().build();
		byte[] framed = new byte[first.length + 3];
		System.arraycopy(first, 0, framed, 3, first.length);
		TupleData a = ((InsertMessage) this.decoder.decode(first)).newTuple();
		TupleData b = ((InsertMessage) this.decoder.decode(framed, 3, first.length)).newTuple();
		TupleData c = ((InsertMessage) this.decoder
			.decode(message('I').int32(7).int8('N').int16(2).text("1").unchangedToast().build())).newTuple();
		assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
	}

}
