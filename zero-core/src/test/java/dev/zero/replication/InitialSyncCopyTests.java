package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.row.BinaryTypesTable;
import dev.zero.row.RowLayout;
import dev.zero.row.RowReadings;
import dev.zero.row.TextValues;
import dev.zero.shard.ShardId;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The copy of an initial sync, cut into many ranges of a few blocks and spread over several
 * connections, gives exactly the rows a {@code SELECT} in the same snapshot reads, each column's
 * text and typed value alike, in binary and in text, while a writer changes the tables: a
 * table of every type with a binary decoder, one of types without (copied as text), a table
 * with a row filter and a column list, an empty table, NULLs.
 */
class InitialSyncCopyTests {

	private static final String APP = "copyapp";

	private static final List<String> PUBLICATIONS = List.of("copy_all", "copy_filtered");

	/** The next key the writer inserts, past every key the tables start with. */
	private static final AtomicLong nextKey = new AtomicLong(1_000_000);

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static TestDatabase database;

	@BeforeAll
	static void createTables() {
		database = postgres.database();
		BinaryTypesTable.create(database);
		database.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
				"CREATE DOMAIN positive AS int CHECK (VALUE > 0)", """
						CREATE TABLE text_types (id bigint PRIMARY KEY, c_float4 real, c_float8 float8,
						  c_interval interval, c_inet inet, c_mood mood, c_positive positive, c_money money,
						  a_int4 int[], a_text text[], a_timestamptz timestamptz[], c_text text, c_numeric numeric)
						""", """
						INSERT INTO text_types VALUES
						(1, 'NaN', '-Infinity', '-1 years -00:00:01', '::1', 'sad', 1, '-12.34', '{{1,2},{3,4}}',
						 '{"a\\"b","c\\\\d","e,f",NULL,"NULL",""}', '{"2024-01-02 03:04:05+00",NULL}',
						 E'tab\\tnew\\nline\\\\ é', 'Infinity'),
						(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
						""", """
						INSERT INTO text_types
						SELECT g, g / 7.0, g * 1e-300 * (1 - 2 * (g % 2)), g * interval '1 day 3 seconds',
						       ('10.0.' || g % 256 || '.' || g % 200)::inet, (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1]::mood,
						       g, g * 1.25, ARRAY[g, -g, NULL], ARRAY['t' || g, E'\\\\' || g],
						       ARRAY[timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'],
						       repeat(md5(g::text), 1 + g % 4), (g * 1.37)::numeric(12, 2)
						  FROM generate_series(3, 2000) g
						""",
				"CREATE TABLE filtered (id bigint PRIMARY KEY, v int NOT NULL, note text, secret text)",
				"INSERT INTO filtered SELECT g, g % 100, 'n' || g, 's' || g FROM generate_series(1, 5000) g",
				"CREATE TABLE empty_table (id bigint PRIMARY KEY, v text)",
				"CREATE PUBLICATION copy_all FOR TABLE binary_types, text_types, empty_table",
				"CREATE PUBLICATION copy_filtered FOR TABLE filtered (id, v, note) WHERE (id % 3 <> 0 AND id % 100 < 90)",
				"ANALYZE");
		Shards.provision(database, APP, DdlDetection.RELATION_DIFF, PUBLICATIONS.toArray(new String[0]));
	}

	@Test
	void copiesManyRangesInBinaryExactlyAsSelectReadsThemWhileAWriterWrites() throws Exception {
		Copied copied = copy("copy_binary", new InitialSync.Tuning(1, true), 3, true);
		assertThat(copied.shape().connections()).isEqualTo(3);
		assertThat(copied.rangesOf("binary_types")).isGreaterThan(4);
		assertThat(copied.rangesOf("text_types")).isGreaterThan(4);
		assertThat(copied.rangesOf("filtered")).isGreaterThan(4);
		assertThat(copied.rangesOf("empty_table")).isEqualTo(1);
		// where the JVM's time zone is UTC (the session's), timestamptz reads binary
		boolean utc = java.util.TimeZone.getDefault().toZoneId().normalized().equals(java.time.ZoneOffset.UTC);
		assertThat(copied.binaryOf("binary_types")).isEqualTo(utc);
		assertThat(copied.binaryOf("filtered")).isTrue();
		assertThat(copied.binaryOf("text_types")).isFalse();
		copied.assertAsSelected();
	}

	@Test
	void copiesManyRangesInTextExactlyAsSelectReadsThemWhileAWriterWrites() throws Exception {
		Copied copied = copy("copy_text", new InitialSync.Tuning(1, false), 3, true);
		assertThat(copied.rangesOf("binary_types")).isGreaterThan(4);
		assertThat(copied.shape().binary()).containsOnly(false);
		copied.assertAsSelected();
	}

	@Test
	void copiesEachTableWholeOnOneConnectionWhenTheyAreSmall() throws Exception {
		Copied copied = copy("copy_whole", InitialSync.Tuning.DEFAULT, 2, false);
		assertThat(copied.shape().ranges()).containsOnly(1);
		assertThat(copied.shape().connections()).isEqualTo(2);
		copied.assertAsSelected();
	}

	@Test
	void usesOneConnectionWhenTheDatabaseHasNoneToSpare() throws Exception {
		database.execute("ALTER DATABASE " + Identifiers.quote(database.name()) + " CONNECTION LIMIT 4");
		try {
			Copied copied = copy("copy_limited", new InitialSync.Tuning(1, true), 8, false);
			assertThat(copied.shape().connections()).isEqualTo(1);
			copied.assertAsSelected();
		}
		finally {
			database.execute("ALTER DATABASE " + Identifiers.quote(database.name()) + " CONNECTION LIMIT -1");
		}
	}

	@Test
	void aListenerThatThrowsEndsTheCopyAndItsConnections() throws Exception {
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(),
				"zero/failing-copy");
		try (Connection replication = upstream.connectForStreaming()) {
			ReplicationSlot.Created created = new ReplicationSlot("copy_failing").create(replication, 17, false, true);
			SyncPlan plan = SyncPlan.read(upstream, created.snapshotName(), new StateSchema(new ShardId(APP, 0)),
					PUBLICATIONS);
			InitialSync sync = new InitialSync(upstream, 3, plan.tables(), new InitialSync.Tuning(1, true));
			ChangeListener failing = (change) -> {
				if (((Insert) change).row().getLong("id") == 100) {
					throw new IllegalStateException("listener refuses row 100");
				}
			};
			assertThatExceptionOfType(ListenerException.class)
				.isThrownBy(() -> sync.run(created.snapshotName(), created.consistentPoint(), Instant.now(),
						delivery(failing)))
				.withStackTraceContaining("listener refuses row 100");
		}
		finally {
			database.execute("SELECT pg_drop_replication_slot('copy_failing')");
		}
		await().untilAsserted(() -> assertThat(
				database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'zero/failing-copy'"))
			.isZero());
	}

	/**
	 * Creates a slot with an exported snapshot, copies what its shard publishes, with a writer
	 * changing the tables meanwhile when asked, and reads the same snapshot with a
	 * {@code SELECT} of each table.
	 */
	private static Copied copy(String slot, InitialSync.Tuning tuning, int parallelism, boolean write)
			throws Exception {
		Upstream upstream = Shards.upstream(database);
		AtomicBoolean writing = new AtomicBoolean(write);
		CountDownLatch writtenDuringCopy = new CountDownLatch(write ? 20 : 0);
		CompletableFuture<Integer> writer = CompletableFuture.completedFuture(0);
		try (Connection replication = upstream.connectForStreaming()) {
			ReplicationSlot.Created created = new ReplicationSlot(slot).create(replication, 17, false, true);
			if (write) {
				writer = CompletableFuture.supplyAsync(() -> write(writing, writtenDuringCopy));
			}
			SyncPlan plan = SyncPlan.read(upstream, created.snapshotName(), new StateSchema(new ShardId(APP, 0)),
					PUBLICATIONS);
			InitialSync sync = new InitialSync(upstream, parallelism, plan.tables(), tuning);
			Map<TableName, Map<Long, Row>> rows = new ConcurrentHashMap<>();
			ChangeListener recorder = (Change change) -> {
				// the copy is under way: let the writer change what is left to copy
				assertThat(writtenDuringCopy.await(30, TimeUnit.SECONDS)).isTrue();
				Insert insert = (Insert) change;
				assertThat(insert.snapshot()).isTrue();
				Row previous = rows.computeIfAbsent(insert.table(), (table) -> new LinkedHashMap<>())
					.put(insert.row().getLong("id"), insert.row());
				assertThat(previous).as("%s row %s copied twice", insert.table(), insert.row().getLong("id")).isNull();
			};
			long delivered = sync.run(created.snapshotName(), created.consistentPoint(), Instant.now(),
					delivery(recorder));
			writing.set(false);
			assertThat(writer.get(1, TimeUnit.MINUTES)).as("transactions written during the copy")
				.isGreaterThanOrEqualTo(write ? 20 : 0);
			Map<TableName, Map<Long, Row>> selected = select(upstream, created.snapshotName(), plan);
			assertThat(delivered).isEqualTo(selected.values().stream().mapToLong(Map::size).sum());
			for (SyncProgress progress : sync.progress()) {
				assertThat(progress.done()).as("%s done", progress.table()).isTrue();
				assertThat(progress.rowsCopied()).as("%s rows copied", progress.table())
					.isEqualTo(selected.get(progress.table()).size());
			}
			return new Copied(plan, sync.shape(), rows, selected);
		}
		finally {
			writing.set(false);
			writer.get(1, TimeUnit.MINUTES);
			database.execute("SELECT pg_drop_replication_slot('" + slot + "')");
		}
	}

	/** Each published table as a {@code SELECT} in the snapshot reads it, by id. */
	private static Map<TableName, Map<Long, Row>> select(Upstream upstream, String snapshot, SyncPlan plan)
			throws SQLException {
		Map<TableName, Map<Long, Row>> selected = new LinkedHashMap<>();
		try (Connection connection = upstream.connect()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
				statement.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshot));
				for (InitialSync.CopyTable table : plan.tables()) {
					RowLayout layout = table.layout();
					String columns = String.join(", ",
							layout.columns().stream().map((column) -> Identifiers.quote(column.name())).toList());
					Map<Long, Row> rows = new LinkedHashMap<>();
					try (var result = statement.executeQuery("SELECT " + columns + " FROM "
							+ Identifiers.qualified(table.table().schema(), table.table().name())
							+ ((table.rowFilter() != null) ? " WHERE " + table.rowFilter() : ""))) {
						while (result.next()) {
							String[] texts = new String[layout.columns().size()];
							for (int i = 0; i < texts.length; i++) {
								texts[i] = result.getString(i + 1);
							}
							rows.put(result.getLong(1), layout.row(TextValues.of(texts)));
						}
					}
					selected.put(table.table(), rows);
				}
			}
			connection.rollback();
		}
		return selected;
	}

	/** Updates, deletes and inserts rows of the published tables until told to stop. */
	private static int write(AtomicBoolean writing, CountDownLatch written) {
		int count = 0;
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			while (writing.get()) {
				long next = nextKey.incrementAndGet();
				long id = next % 400 + 1;
				statement.execute("BEGIN");
				statement.execute("UPDATE binary_types SET c_text = c_text || 'x', c_int4 = c_int4 + 1 WHERE id = " + id);
				statement.execute("UPDATE text_types SET c_text = 'changed', c_float8 = 1 WHERE id = " + (next % 2000 + 1));
				statement.execute("DELETE FROM filtered WHERE id = " + (next % 5000 + 1));
				statement.execute("INSERT INTO filtered VALUES (" + next + ", 1, 'new', 'new')");
				statement.execute("INSERT INTO binary_types (id, c_text) VALUES (" + next + ", 'new')");
				statement.execute("COMMIT");
				written.countDown();
				count++;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return count;
	}

	/** What a copy delivered, and what a {@code SELECT} in its snapshot reads. */
	private record Copied(SyncPlan plan, InitialSync.Shape shape, Map<TableName, Map<Long, Row>> rows,
			Map<TableName, Map<Long, Row>> selected) {

		int rangesOf(String table) {
			return this.shape.ranges().get(index(table));
		}

		boolean binaryOf(String table) {
			return this.shape.binary().get(index(table));
		}

		private int index(String table) {
			List<TableName> names = new ArrayList<>();
			this.plan.tables().forEach((copied) -> names.add(copied.table()));
			return names.indexOf(new TableName("public", table));
		}

		/** Every row selected was copied once and reads alike; no other row was copied. */
		void assertAsSelected() {
			assertThat(this.selected.get(new TableName("public", "empty_table")).size()).isZero();
			assertThat(this.selected.get(new TableName("public", "binary_types")).size())
				.isGreaterThanOrEqualTo(BinaryTypesTable.ROWS_COUNT);
			// a third of the rows and a tenth of the rest are filtered out (the writer deletes some)
			assertThat(this.selected.get(new TableName("public", "filtered")).size()).isBetween(2900, 3001);
			for (Map.Entry<TableName, Map<Long, Row>> table : this.selected.entrySet()) {
				Map<Long, Row> copied = this.rows.getOrDefault(table.getKey(), Map.of());
				assertThat(copied.keySet()).as("rows of %s", table.getKey())
					.containsExactlyInAnyOrderElementsOf(table.getValue().keySet());
				// the text and typed value of each column (BinaryTuplePostgresTests compares every getter)
				table.getValue().forEach((id, expected) -> assertThat(RowReadings.valueDifferences(copied.get(id), expected))
					.as("%s row %d", table.getKey(), id)
					.isEmpty());
			}
		}

	}

	/** The listener, as the worker hands rows to it (no transactional target). */
	private static Delivery delivery(ChangeListener listener) {
		return new Delivery(new ListenerDispatcher(List.of(listener), ReplicationMetrics.NONE),
				DeliverySettings.DEFAULTS, "no origin", "no marker");
	}

}
