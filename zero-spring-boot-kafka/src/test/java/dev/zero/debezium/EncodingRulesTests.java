package dev.zero.debezium;

import dev.zero.kafka.SourcePositions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.change.Column;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.TableName;
import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;
import dev.zero.shard.ShardId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The small rules behind the envelopes, each against what Debezium does (the whole envelopes
 * are compared with real Debezium in {@link DebeziumParityTests}).
 */
class EncodingRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void topicsAreNamedAsDebeziumNamesThemWithCharactersKafkaRefusesReplaced() {
		assertThat(TopicNames.table("todo", new TableName("public", "todo"))).isEqualTo("todo.public.todo");
		assertThat(TopicNames.table("todo", new TableName("My Schema", "tâche"))).isEqualTo("todo.My_Schema.t_che");
		assertThat(TopicNames.offsets("todo")).isEqualTo("todo.zero-offsets");
	}

	@Test
	void numericTypeModifiersGivePrecisionAndScaleIncludingNegativeScales() {
		assertThat(numeric((10 << 16) | 2).numericPrecision()).isEqualTo(10);
		assertThat(numeric((10 << 16) | 2).numericScale()).isEqualTo(2);
		assertThat(numeric((5 << 16) | (2048 - 2)).numericScale()).isEqualTo(-2);
		assertThat(new DeclaredColumn("n", 1700, "numeric", -1, false, false).numericPrecision()).isEqualTo(-1);
	}

	@Test
	void intervalsAreMicrosecondsWithDebeziumsAverageMonth() {
		assertThat(ValueEncoder.intervalMicros("04:05:06.5")).isEqualTo(14_706_500_000L);
		assertThat(ValueEncoder.intervalMicros("-1 days +02:00:00")).isEqualTo(-79_200_000_000L);
		assertThat(ValueEncoder.intervalMicros("1 mon")).isEqualTo(2_629_800_000_000L);
		assertThat(ValueEncoder.intervalMicros("infinity")).isZero();
		assertThat(ValueEncoder.intervalMicros("-infinity")).isZero();
	}

	@Test
	void infiniteDatesAreDebeziumsOwnDaysWhichDependOnWhetherPgjdbcOrItsStreamParserReadThem() {
		// as Debezium 3.6.1 wrote them in DebeziumParityTests
		assertThat(Infinities.epochDay(true, ValueSource.STREAM, false)).isEqualTo(-2147472692L);
		assertThat(Infinities.epochDay(false, ValueSource.STREAM, false)).isEqualTo(-2147472691L);
		for (ValueSource source : ValueSource.values()) {
			assertThat(Infinities.epochDay(true, source, true)).isEqualTo(-622191234L);
			assertThat(Infinities.epochDay(false, source, true)).isEqualTo(-625821272L);
		}
		assertThat(Infinities.epochDay(true, ValueSource.SNAPSHOT, false)).isEqualTo(-622191234L);
		assertThat(Infinities.epochDay(false, ValueSource.SNAPSHOT, false)).isEqualTo(-625821272L);
	}

	@Test
	void infiniteTimestampsArePgjdbcsMillisecondsReadAsMicrosecondsAndTimestamptzIsTextExceptMinusInfinityInArrays() {
		assertThat(Infinities.timestampMicros(true)).isEqualTo(9223372036825200000L);
		assertThat(Infinities.timestampMicros(false)).isEqualTo(-9223372036832400000L);
		DateTimeFormatter format = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
		assertThat(Infinities.timestampWithZone(true, false, format)).isEqualTo("infinity");
		assertThat(Infinities.timestampWithZone(false, false, format)).isEqualTo("-infinity");
		assertThat(Infinities.timestampWithZone(true, true, format)).isEqualTo("infinity");
		assertThat(Infinities.timestampWithZone(false, true, format)).isEqualTo("+292269055-12-02T23:00:00Z");
	}

	@Test
	void onlyTheOperationsDebeziumSkipsCanBeSkipped() {
		assertThat(Operation.skippable(" T")).isEqualTo(Operation.TRUNCATE);
		assertThatIllegalArgumentException().isThrownBy(() -> Operation.skippable("r"));
	}

	@Test
	void positionsRoundTripThroughTheOffsetsTopicsRecords() {
		ShardId shard = new ShardId("todo", 3);
		assertThat(SourcePositions.position(SourcePositions.value(Lsn.parse("16/B374D848"))))
			.isEqualTo(Lsn.parse("16/B374D848"));
		assertThat(SourcePositions.isKeyOf(shard, SourcePositions.key(shard))).isTrue();
		assertThat(SourcePositions.isKeyOf(shard, SourcePositions.key(new ShardId("todo", 0)))).isFalse();
		assertThat(SourcePositions.position("not json".getBytes())).isNull();
	}

	@Test
	void snapshotRowsAreMarkedAsAnInitialSyncsOrAsAnIncrementalSnapshotsWhenATableIsReReadWhileStreaming() {
		TableName table = new TableName("public", "t");
		RowLayout layout = RowLayout.of(table, List.of(new Column("id", 23, "int4", true)));
		Insert row = new Insert(table, layout.row(TextValues.of("1")), true, 5, Lsn.of(100), Instant.EPOCH);
		EnvelopeEncoder encoder = new EnvelopeEncoder(EnvelopeSettings.defaults("p", "db"), TableTypes::unknown,
				Clock.systemUTC());
		JsonNode initial = JSON.readTree(encoder.encode(row, null, false).get(0).value());
		JsonNode incremental = JSON.readTree(encoder.encode(row, null, true).get(0).value());
		assertThat(initial.path("op").asString()).isEqualTo("r");
		assertThat(initial.path("source").path("snapshot").asString()).isEqualTo("true");
		assertThat(incremental.path("source").path("snapshot").asString()).isEqualTo("incremental");
		assertThat(new String(encoder.encode(row, null, false).get(0).key())).isEqualTo("{\"id\":1}");
	}

	@Test
	void aRowsTypeModifierIsUsedAndTheCatalogsOnlyWhereTheRowHasNone() {
		DeclaredColumn catalog = new DeclaredColumn("n", 1700, "numeric", ((5 << 16) | 1) + 4, true, false);
		Column modified = new Column("n", 1700, "numeric", ((10 << 16) | 2) + 4, false);
		assertThat(DeclaredColumn.of(modified, catalog)).satisfies((declared) -> {
			assertThat(declared.numericScale()).isEqualTo(2);
			assertThat(declared.notNull()).isTrue();
		});
		assertThat(DeclaredColumn.of(modified, null).numericScale()).isEqualTo(2);
		// a domain's column: pgoutput sends no modifier, the domain has one
		assertThat(DeclaredColumn.of(new Column("n", 16500, "numeric", false), catalog)).isSameAs(catalog);
		assertThat(DeclaredColumn.of(new Column("n", 1700, "numeric", false), null)).isNull();
	}

	@Test
	void numericsAreEncodedWithTheScaleTheRowCarriesWithoutTheCatalog() {
		TableName table = new TableName("public", "t");
		RowLayout layout = RowLayout.of(table,
				List.of(new Column("id", 23, "int4", true), new Column("n", 1700, "numeric", ((10 << 16) | 2) + 4, false),
						new Column("plain", 1700, "numeric", false)));
		Insert row = new Insert(table, layout.row(TextValues.of("1", "1.5", "1.5")), false, 5, Lsn.of(100),
				Instant.EPOCH);
		EnvelopeEncoder encoder = new EnvelopeEncoder(EnvelopeSettings.defaults("p", "db"), TableTypes::unknown,
				Clock.systemUTC());
		JsonNode after = JSON.readTree(encoder.encode(row, null).get(0).value()).path("after");
		// 150 at scale 2, as Kafka Connect's Decimal; without a modifier, Debezium's VariableScaleDecimal
		assertThat(after.path("n").asString()).isEqualTo("AJY=");
		assertThat(after.path("plain").path("scale").asInt()).isEqualTo(1);
	}

	private static DeclaredColumn numeric(int precisionAndScale) {
		return new DeclaredColumn("n", 1700, "numeric", precisionAndScale + 4, false, false);
	}

}
