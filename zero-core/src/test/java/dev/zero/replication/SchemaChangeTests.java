package dev.zero.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Insert;
import dev.zero.change.ResetReason;
import dev.zero.change.SchemaChange;
import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationReport;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schema changes: followed in place through the event triggers where they are allowed,
 * otherwise detected in the stream and answered with a reset; and the other reasons to
 * reset.
 */
class SchemaChangeTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private final List<ReplicationWorker> workers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.workers.forEach(ReplicationWorker::stop);
	}

	@Test
	void withEventTriggersDdlArrivesAsSchemaChangesInOrderBetweenDataChanges() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA ddl", "CREATE TABLE ddl.t (id bigint PRIMARY KEY, a text)");
		PublicationReport report = provision(database, database.username(), database.password(), "ddlapp", "ddl",
				DdlDetection.EVENT_TRIGGERS);
		assertThat(report.ddlDetection()).isEqualTo(DdlDetection.EVENT_TRIGGERS);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_event_trigger WHERE evtname IN "
				+ "('ddlapp_spring_ddl_start_0', 'ddlapp_spring_ddl_end_0')")).isEqualTo(2);
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = start(database, database.username(), database.password(), "ddlapp", view,
				report.names());
		database.execute("INSERT INTO ddl.t VALUES (1, 'x')", "ALTER TABLE ddl.t ADD COLUMN b text",
				"INSERT INTO ddl.t VALUES (2, 'y', 'z')", "ALTER TABLE ddl.t DROP COLUMN a",
				"CREATE TABLE ddl.u (id bigint PRIMARY KEY)", "INSERT INTO ddl.u VALUES (3)",
				"CREATE TABLE public.elsewhere (id int)");
		await().atMost(Duration.ofSeconds(30)).until(() -> view.view("public.u").size() + view.view("ddl.u").size() == 1);
		List<Object> events = view.events.stream()
			.filter((event) -> event instanceof Insert || event instanceof SchemaChange)
			.toList();
		assertThat(events).hasSize(6);
		assertThat(events.get(0)).isInstanceOfSatisfying(Insert.class,
				(insert) -> assertThat(insert.row().getString("id")).isEqualTo("1"));
		assertThat(events.get(1)).isInstanceOfSatisfying(SchemaChange.class, (change) -> {
			assertThat(change.commandTag()).isEqualTo("ALTER TABLE");
			assertThat(change.statement()).contains("ADD COLUMN b");
			assertThat(columns(change.before(), "t")).containsExactly("id", "a");
			assertThat(columns(change.after(), "t")).containsExactly("id", "a", "b");
		});
		assertThat(events.get(2)).isInstanceOfSatisfying(Insert.class,
				(insert) -> assertThat(insert.row().getString("b")).isEqualTo("z"));
		assertThat(events.get(3)).isInstanceOfSatisfying(SchemaChange.class,
				(change) -> assertThat(columns(change.after(), "t")).containsExactly("id", "b"));
		assertThat(events.get(4)).isInstanceOfSatisfying(SchemaChange.class, (change) -> {
			assertThat(change.commandTag()).isEqualTo("CREATE TABLE");
			assertThat(change.after().table(new TableName("ddl", "u"))).isPresent();
		});
		assertThat(events.get(5)).isInstanceOfSatisfying(Insert.class,
				(insert) -> assertThat(insert.table()).isEqualTo(new TableName("ddl", "u")));
		assertThat(view.resets).extracting((reset) -> reset.reason()).containsExactly(ResetReason.INITIAL);
		assertThat(worker.status().state()).isEqualTo(ReplicationState.STREAMING);
		assertThat(database.queryForString("SELECT published_schema::text FROM ddlapp_spring_0.replication_state"))
			.contains("\"name\": \"u\"");
	}

	@Test
	void inTableByTableModeNewTablesArePublishedAtOnceAndNewlyKeyedOnesAreReRead() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA tbl", "CREATE TABLE tbl.keyed (id bigint PRIMARY KEY)",
				"CREATE TABLE tbl.loose (id bigint NOT NULL, v text)", "INSERT INTO tbl.loose VALUES (1, 'a')");
		PublicationReport report = provision(database, database.username(), database.password(), "tblapp", "tbl",
				DdlDetection.EVENT_TRIGGERS);
		assertThat(report.mode()).isEqualTo(dev.zero.publication.PublicationMode.TABLES);
		assertThat(report.ddlDetection()).isEqualTo(DdlDetection.EVENT_TRIGGERS);
		ConvergedView view = new ConvergedView();
		start(database, database.username(), database.password(), "tblapp", view, report.names());
		database.execute("""
				BEGIN;
				CREATE TABLE tbl.fresh (id bigint PRIMARY KEY, v text);
				INSERT INTO tbl.fresh VALUES (10, 'right away');
				COMMIT;
				""");
		await().atMost(Duration.ofSeconds(30)).until(() -> view.view("tbl.fresh").size() == 1);
		assertThat(view.schemaChanges).singleElement()
			.satisfies((change) -> assertThat(change.after().table(new TableName("tbl", "fresh"))).isPresent());
		database.execute("ALTER TABLE tbl.loose ADD PRIMARY KEY (id)");
		// published now, with a row nobody copied: re-read on its own, no reset of the others
		await().atMost(Duration.ofSeconds(60)).until(() -> view.view("tbl.loose").size() == 1);
		assertThat(view.resets).extracting((reset) -> reset.reason()).containsExactly(ResetReason.INITIAL);
		assertThat(view.view("tbl.fresh")).containsOnlyKeys("10");
	}

	@Test
	void withoutEventTriggersASchemaChangeResetsAndTheViewConverges() throws Exception {
		TestDatabase database = postgres.database();
		String role = postgres.createRole(database.name() + "_plain", "LOGIN REPLICATION", "plain-pw");
		database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO \"" + role + "\"",
				"CREATE SCHEMA plain AUTHORIZATION \"" + role + "\"",
				"CREATE TABLE plain.t (id bigint PRIMARY KEY, a text)", "ALTER TABLE plain.t OWNER TO \"" + role + "\"",
				"INSERT INTO plain.t VALUES (1, 'x')");
		PublicationReport report = provision(database, role, "plain-pw", "plainapp", "plain", DdlDetection.EVENT_TRIGGERS);
		assertThat(report.ddlDetection()).as("a plain role may not create event triggers").isEqualTo(DdlDetection.RELATION_DIFF);
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = start(database, role, "plain-pw", "plainapp", view, report.names());
		database.execute("ALTER TABLE plain.t ADD COLUMN b text DEFAULT 'd'", "INSERT INTO plain.t VALUES (2, 'y', 'z')");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> view.resets.size() == 2 && worker.status().state() == ReplicationState.STREAMING
					&& view.view("plain.t").size() == 2);
		assertThat(view.resets.get(1).reason()).isEqualTo(ResetReason.SCHEMA_CHANGED);
		assertThat(view.view("plain.t")).isEqualTo(ConvergedView.select(database, "SELECT id, a, b FROM plain.t"));
		assertThat(view.schemaChanges).isEmpty();
	}

	@Test
	void withAutoResetOffTheListenerWaitsForAManualReset() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA manual", "CREATE TABLE manual.t (id bigint PRIMARY KEY)",
				"INSERT INTO manual.t VALUES (1)");
		PublicationReport report = provision(database, database.username(), database.password(), "manualapp", "manual",
				DdlDetection.RELATION_DIFF);
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = Shards.worker(database, "manualapp",
				new ReplicationSettings("manualapp_0", Duration.ofSeconds(1), false, Duration.ofSeconds(5), true, 2,
						false),
				() -> List.of(view), ReplicationMetrics.NONE);
		this.workers.add(worker);
		worker.start(report.names());
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		database.execute("ALTER TABLE manual.t ADD COLUMN b int", "INSERT INTO manual.t VALUES (2, 2)");
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.RESET_REQUIRED);
		assertThat(worker.status().error()).startsWith("reset required: ").contains("manual.t");
		worker.requestReset(ResetReason.MANUAL);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> worker.status().state() == ReplicationState.STREAMING && view.resets.size() == 2);
		assertThat(view.resets.get(1).reason()).isEqualTo(ResetReason.MANUAL);
		assertThat(view.view("manual.t")).isEqualTo(ConvergedView.select(database, "SELECT id, b FROM manual.t"));
	}

	@Test
	void aSlotDroppedByHandIsRecreatedWithASlotMissingReset() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA lost", "CREATE TABLE lost.t (id bigint PRIMARY KEY)",
				"INSERT INTO lost.t VALUES (1)");
		PublicationReport report = provision(database, database.username(), database.password(), "lostapp", "lost",
				DdlDetection.RELATION_DIFF);
		ConvergedView first = new ConvergedView();
		ReplicationWorker worker = start(database, database.username(), database.password(), "lostapp", first,
				report.names());
		worker.stop();
		database.execute("SELECT pg_drop_replication_slot('lostapp_0')", "INSERT INTO lost.t VALUES (2)");
		ConvergedView second = new ConvergedView();
		start(database, database.username(), database.password(), "lostapp", second, report.names());
		assertThat(second.resets).extracting((reset) -> reset.reason()).containsExactly(ResetReason.SLOT_MISSING);
		assertThat(second.view("lost.t")).isEqualTo(ConvergedView.select(database, "SELECT id FROM lost.t"));
	}

	@Test
	void aChangedSetOfPublicationsResets() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE pc1 (id bigint PRIMARY KEY)", "CREATE TABLE pc2 (id bigint PRIMARY KEY)",
				"INSERT INTO pc2 VALUES (7)", "CREATE PUBLICATION pc_a FOR TABLE pc1",
				"CREATE PUBLICATION pc_b FOR TABLE pc2");
		Shards.provision(database, "pcapp", DdlDetection.RELATION_DIFF, "pc_a");
		ReplicationWorker worker = start(database, database.username(), database.password(), "pcapp", new ConvergedView(),
				List.of("pc_a"));
		worker.stop();
		Shards.provision(database, "pcapp", DdlDetection.RELATION_DIFF, "pc_a", "pc_b");
		ConvergedView view = new ConvergedView();
		start(database, database.username(), database.password(), "pcapp", view, List.of("pc_a", "pc_b"));
		assertThat(view.resets).extracting((reset) -> reset.reason()).containsExactly(ResetReason.PUBLICATIONS_CHANGED);
		assertThat(view.view("public.pc2")).containsOnlyKeys("7");
	}

	private ReplicationWorker start(TestDatabase database, String role, String password, String appId,
			ConvergedView view, List<String> publications) {
		ReplicationWorker worker = new ReplicationWorker(Upstream.of(database.jdbcUrl(), role, password, "zero/test"),
				new ShardId(appId, 0), new ReplicationSettings(appId + "_0", Duration.ofSeconds(1), false,
						Duration.ofSeconds(5), true, 2, true),
				() -> List.of(view), ReplicationMetrics.NONE);
		this.workers.add(worker);
		worker.start(publications);
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.status().state() == ReplicationState.STREAMING);
		return worker;
	}

	private static PublicationReport provision(TestDatabase database, String role, String password, String appId,
			String schema, DdlDetection ddlDetection) throws Exception {
		PublicationSettings settings = new PublicationSettings(new ShardId(appId, 0), List.of(), List.of(schema),
				ReplicaIdentityPolicy.REPORT, false, ddlDetection);
		try (var connection = database.connect(role, password)) {
			return new PublicationProvisioner(settings).provision(connection);
		}
	}

	private static List<String> columns(dev.zero.change.PublishedSchema schema, String table) {
		return schema.tables()
			.stream()
			.filter((candidate) -> candidate.table().name().equals(table))
			.findFirst()
			.orElseThrow()
			.columns()
			.stream()
			.map(dev.zero.change.ColumnSchema::name)
			.toList();
	}

}
