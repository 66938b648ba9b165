package dev.zero.debezium;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Lsn;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real Debezium (3.6.1.Final, its embedded engine with the PostgreSQL connector and the JSON
 * converter without schemas, on a slot and publication of its own) and our encoder publish the
 * same snapshot and the same changes of the same database; the keys and values must be the
 * same JSON, except for what legitimately differs: when a record was made ({@code ts_*}), the
 * Debezium version, {@code source.sequence} (Debezium's own bookkeeping), and for snapshot
 * rows the snapshot's transaction and position (each takes its own snapshot) and Debezium's
 * first/last markers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebeziumParityTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PREFIX = "parity";

	private static final String TYPES_TABLE = """
			CREATE TABLE types (
			  id int PRIMARY KEY,
			  b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,
			  n numeric, n10_2 numeric(10,2), n5 numeric(5), m money,
			  c char(3), vc varchar(20), t text, bin bytea, u uuid, j json, jb jsonb, x xml,
			  d date, tm time, tm3 time(3), ttz timetz, ts timestamp, ts3 timestamp(3), tstz timestamptz,
			  iv interval, bt bit(1), bt8 bit(8), vb varbit(16), addr inet, net cidr, mac macaddr,
			  r int4range, e mood, pt point, o oid,
			  ai int[], at text[], an numeric[], ad date[], ab bool[], au uuid[], ats timestamptz[], atl timestamp[],
			  nn text NOT NULL DEFAULT '', ni int NOT NULL DEFAULT 0, nb bool NOT NULL DEFAULT false
			)""";

	private static final String ROW = """
			(%d, true, 12, 1234, 123456789012, 1.5, 2.25,
			 123.4500, 12345.67, 42, 12.34,
			 'ab', 'varchar', 'text ü', '\\xdeadbeef', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}',
			 '{"b": {"c": true}}', '<x>1</x>',
			 '2024-02-29', '13:14:15.123456', '13:14:15.123', '13:14:15.5+02', '2024-02-29 13:14:15.123456',
			 '2024-02-29 13:14:15.123', '2024-02-29 13:14:15.123456+02',
			 '1 year 2 mons 3 days 04:05:06.5', B'1', B'10100000', B'101', '192.168.0.1/24', '10.0.0.0/8',
			 '08:00:2b:01:02:03', '[1,5)', 'happy', '(1.5,-2)', 4000000000,
			 '{1,2,NULL}', '{a,"b c"}', '{1.5,2}', '{2024-01-01}', '{t,f}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
			 '{"2024-01-01 10:00:00+00"}', '{"2024-01-01 10:00:00.5"}', 'x', 1, true)""";

	/** PostgreSQL's special values, some of which Debezium maps to values of its own. */
	private static final String SPECIAL = """
			INSERT INTO types (id, d, ts, ts3, tstz, ad, ats, atl, n, an, f4, f8, tm, tm3, ttz, iv, nn, ni, nb) VALUES
			 (%d, 'infinity', 'infinity', 'infinity', 'infinity', '{infinity}', '{infinity}', '{infinity}', 'Infinity',
			  '{Infinity}', 'Infinity', 'Infinity', '24:00:00', '24:00:00', '24:00:00+00', 'infinity', 'inf', 1, true),
			 (%d, '-infinity', '-infinity', '-infinity', '-infinity', '{-infinity}', '{-infinity}', '{-infinity}', '-Infinity',
			  '{-Infinity}', '-Infinity', '-Infinity', '24:00:00', '24:00:00', '24:00:00-02', '-infinity', '-inf', -1,
			  false)""";

	private final List<Map.Entry<String, String>> debezium = new CopyOnWriteArrayList<>();

	private final List<Map.Entry<String, String>> ours = new CopyOnWriteArrayList<>();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private DebeziumEngine<ChangeEvent<String, String>> engine;

	private ReplicationWorker worker;

	private TableCatalog catalog;

	@BeforeAll
	void publishTheSameChangesBothWays() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')", TYPES_TABLE,
				"CREATE TABLE full_identity (id int PRIMARY KEY, v text, n numeric(6,1))",
				"ALTER TABLE full_identity REPLICA IDENTITY FULL",
				"CREATE TABLE keyed (a int, b text, v int NOT NULL, PRIMARY KEY (a, b))",
				"INSERT INTO types VALUES " + ROW.formatted(1),
				"INSERT INTO types (id, nn, ni, nb) VALUES (2, '', 0, false)",
				"INSERT INTO full_identity VALUES (1, 'one', 1.5), (2, 'two', 2.5)",
				"INSERT INTO keyed VALUES (1, 'x', 10)", SPECIAL.formatted(5, 6),
				"CREATE PUBLICATION parity_pub FOR TABLE types, full_identity, keyed",
				"CREATE PUBLICATION dbz_pub FOR TABLE types, full_identity, keyed");
		startDebezium(database);
		startOurs(database);
		await().atMost(Duration.ofSeconds(60)).until(() -> snapshotRows(debezium) == 7 && snapshotRows(ours) == 7);
		database.execute("INSERT INTO types VALUES " + ROW.formatted(3),
				"INSERT INTO types (id, n, f8, ts, nn, ni, nb) VALUES (4, -0.000100, 'NaN', 'infinity', 'n', -1, true)",
				SPECIAL.formatted(7, 8),
				"UPDATE types SET d = '-infinity', tstz = 'infinity', n = 'NaN', an = '{NaN}' WHERE id = 1",
				"UPDATE types SET t = 'changed', n = 1e20 WHERE id = 1",
				"DELETE FROM types WHERE id = 2",
				"UPDATE full_identity SET v = 'uno' WHERE id = 1",
				"DELETE FROM full_identity WHERE id = 2",
				"UPDATE keyed SET a = 2 WHERE a = 1",
				"UPDATE keyed SET v = 11",
				"TRUNCATE full_identity");
		await().atMost(Duration.ofSeconds(60)).until(() -> streamed(debezium) >= streamedRecords() && streamed(ours) >= streamedRecords());
	}

	private void startDebezium(TestDatabase database) {
		Properties properties = new Properties();
		properties.setProperty("name", "parity");
		properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
		properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
		properties.setProperty("offset.flush.interval.ms", "60000");
		properties.setProperty("database.hostname", database.host());
		properties.setProperty("database.port", Integer.toString(database.port()));
		properties.setProperty("database.user", database.username());
		properties.setProperty("database.password", database.password());
		properties.setProperty("database.dbname", database.name());
		properties.setProperty("topic.prefix", PREFIX);
		properties.setProperty("plugin.name", "pgoutput");
		properties.setProperty("slot.name", "dbz_parity");
		properties.setProperty("publication.name", "dbz_pub");
		properties.setProperty("publication.autocreate.mode", "disabled");
		properties.setProperty("table.include.list", "public.types,public.full_identity,public.keyed");
		properties.setProperty("snapshot.mode", "initial");
		properties.setProperty("skipped.operations", "none");
		properties.setProperty("converter.schemas.enable", "false");
		properties.setProperty("key.converter.schemas.enable", "false");
		properties.setProperty("value.converter.schemas.enable", "false");
		properties.putAll(debeziumOptions());
		engine = DebeziumEngine.create(Json.class)
			.using(properties)
			.notifying((event) -> debezium.add(Map.entry(event.destination() + " " + event.key(),
					String.valueOf(event.value()))))
			.build();
		executor.execute(engine);
	}

	private void startOurs(TestDatabase database) throws Exception {
		ShardId shard = new ShardId("parity", 0);
		try (Connection connection = database.connect()) {
			new PublicationProvisioner(new PublicationSettings(shard, List.of("parity_pub"), List.of("public"),
					ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test");
		catalog = new TableCatalog(upstream::connect);
		EnvelopeEncoder encoder = new EnvelopeEncoder(
				settings(EnvelopeSettings.defaults(PREFIX, database.name()).withSkippedOperations(java.util.Set.of())),
				catalog::describe, Clock.systemUTC());
		ChangeListener listener = new ChangeListener() {

			private Lsn lastCommit;

			@Override
			public void onChange(Change change) {
				for (ChangeRecord record : encoder.encode(change, this.lastCommit)) {
					ours.add(Map.entry(record.topic() + " " + text(record.key()), String.valueOf(text(record.value()))));
				}
			}

			@Override
			public void onCommit(Commit commit) {
				this.lastCommit = commit.endLsn();
			}

		};
		worker = new ReplicationWorker(upstream, shard,
				new ReplicationSettings("parity_ours", Duration.ofSeconds(1), false, Duration.ofSeconds(5), true, 1,
						true),
				() -> List.of(listener), ReplicationMetrics.NONE);
		worker.start(List.of("parity_pub"));
		await().atMost(Duration.ofSeconds(60)).until(() -> worker.status().state() == ReplicationState.STREAMING);
	}

	/** The records the changes after the snapshot make. */
	int streamedRecords() {
		return 16;
	}

	/** Debezium's options beyond its defaults. */
	Map<String, String> debeziumOptions() {
		return Map.of();
	}

	/** Ours, the same. */
	EnvelopeSettings settings(EnvelopeSettings defaults) {
		return defaults;
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : null;
	}

	private static long snapshotRows(List<Map.Entry<String, String>> records) {
		return normalized(records, true).size();
	}

	private static long streamed(List<Map.Entry<String, String>> records) {
		return normalized(records, false).size();
	}

	@AfterAll
	void stop() throws Exception {
		if (worker != null) {
			worker.stop();
		}
		if (engine != null) {
			engine.close();
		}
		executor.shutdown();
		executor.awaitTermination(30, TimeUnit.SECONDS);
		if (catalog != null) {
			catalog.close();
		}
	}

	@Test
	void snapshotRowsAreTheSame() {
		assertThat(normalized(ours, true)).containsExactlyInAnyOrderElementsOf(normalized(debezium, true));
	}

	@Test
	void streamedChangesAreTheSameInTheSameOrder() {
		List<String> expected = normalized(debezium, false);
		List<String> actual = normalized(ours, false);
		Iterator<String> theirs = expected.iterator();
		for (String record : actual) {
			assertThat(theirs.hasNext()).as("Debezium published fewer records than us; ours: " + record).isTrue();
			assertThat(record).isEqualTo(theirs.next());
		}
		assertThat(actual).hasSameSizeAs(expected);
	}

	private static List<String> normalized(List<Map.Entry<String, String>> records, boolean snapshot) {
		List<String> result = new ArrayList<>();
		for (Map.Entry<String, String> record : records) {
			String value = record.getValue();
			boolean isSnapshot = value.contains("\"op\":\"r\"");
			if (isSnapshot != snapshot) {
				continue;
			}
			String key = record.getKey();
			if (!key.startsWith(PREFIX + ".public.")) {
				continue;
			}
			result.add(key + " -> " + normalize(value));
		}
		return result;
	}

	private static String normalize(String value) {
		if (value.equals("null")) {
			return "null";
		}
		ObjectNode envelope = (ObjectNode) JSON.readTree(value);
		envelope.remove(List.of("ts_ms", "ts_us", "ts_ns"));
		ObjectNode source = (ObjectNode) envelope.get("source");
		source.remove(List.of("ts_ms", "ts_us", "ts_ns", "version", "sequence"));
		JsonNode snapshot = source.get("snapshot");
		if (!snapshot.asString().equals("false")) {
			source.put("snapshot", "true");
			source.remove(List.of("txId", "lsn"));
		}
		return JSON.writeValueAsString(envelope);
	}

}
