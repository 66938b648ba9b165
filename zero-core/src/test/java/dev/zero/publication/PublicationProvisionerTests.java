package dev.zero.publication;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.ResetReason;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.shard.ShardId;
import dev.zero.state.StateSchema;
import dev.zero.state.SyncState;
import dev.zero.supervisor.ShardDecommission;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.CheckStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Provisioning publications on a real PostgreSQL 17. Each test works on its own shard and
 * schema, so that tests do not see each other's tables and publications.
 */
class PublicationProvisionerTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static String owner;

	@BeforeAll
	static void roles() {
		TestDatabase database = postgres.database();
		owner = postgres.createRole(database.name() + "_owner", "LOGIN REPLICATION", "owner-pw");
		database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO \"" + owner + "\"");
	}

	@Test
	void superuserGetsASchemaWidePublicationAndAVersionedInternalSchema() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s1", "CREATE TABLE s1.todo (id bigint PRIMARY KEY, title text)");
		PublicationReport report = provision(database, settings("s1app", "s1", ReplicaIdentityPolicy.REPORT));
		assertThat(report.mode()).isEqualTo(PublicationMode.SCHEMA);
		assertThat(report.ready()).isTrue();
		assertThat(report.names()).containsExactly("_s1app_spring_public_0");
		assertThat(report.publications().get(0).owner()).isEqualTo(PublicationOwner.STARTER);
		assertThat(report.publications().get(0).tables()).singleElement()
			.satisfies((table) -> assertThat(table.name()).isEqualTo("todo"));
		assertThat(database.queryForString(
				"SELECT pubviaroot AND pubinsert AND pubupdate AND pubdelete AND pubtruncate FROM pg_publication WHERE pubname = '_s1app_spring_public_0'"))
			.isEqualTo("t");
		assertThat(database.queryForString("SELECT string_agg(n.nspname, ',') FROM pg_publication_namespace pn "
				+ "JOIN pg_namespace n ON n.oid = pn.pnnspid JOIN pg_publication p ON p.oid = pn.pnpubid "
				+ "WHERE p.pubname = '_s1app_spring_public_0'"))
			.isEqualTo("s1");
		assertThat(database.queryForLong("SELECT max(version) FROM s1app_spring_0.schema_version"))
			.isEqualTo(new StateSchema(new ShardId("s1app", 0)).latestVersion());
		assertThat(database.queryForString(
				"SELECT publication_mode || ' ' || array_to_string(publications, ',') FROM s1app_spring_0.shard_config"))
			.isEqualTo("schema _s1app_spring_public_0");
	}

	@Test
	void provisioningIsIdempotentAcrossRestarts() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s2", "CREATE TABLE s2.todo (id bigint PRIMARY KEY)");
		PublicationSettings settings = settings("s2app", "s2", ReplicaIdentityPolicy.REPORT);
		String before = null;
		for (int run = 0; run < 3; run++) {
			PublicationReport report = provision(database, settings);
			assertThat(report.resyncRequired()).isFalse();
			String catalog = catalog(database, "s2app");
			if (before != null) {
				assertThat(catalog).isEqualTo(before);
			}
			before = catalog;
		}
		assertThat(database.queryForLong("SELECT count(*) FROM s2app_spring_0.schema_version"))
			.isEqualTo(new StateSchema(new ShardId("s2app", 0)).latestVersion());
	}

	@Test
	void publicationChangedByHandIsBroughtBackInLine() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s3", "CREATE TABLE s3.a (id bigint PRIMARY KEY)",
				"CREATE TABLE s3.b (id bigint PRIMARY KEY)");
		PublicationSettings settings = settings("s3app", "s3", ReplicaIdentityPolicy.REPORT);
		provision(database, settings);
		database.execute("ALTER PUBLICATION _s3app_spring_public_0 SET TABLE s3.a",
				"ALTER PUBLICATION _s3app_spring_public_0 SET (publish = 'insert', publish_via_partition_root = false)");
		PublicationReport report = provision(database, settings);
		assertThat(report.mode()).isEqualTo(PublicationMode.SCHEMA);
		assertThat(database.queryForString(
				"SELECT pubviaroot AND pubupdate AND pubdelete AND pubtruncate FROM pg_publication WHERE pubname = '_s3app_spring_public_0'"))
			.isEqualTo("t");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication_tables WHERE pubname = '_s3app_spring_public_0'"))
			.isEqualTo(2);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication_rel pr JOIN pg_publication p "
				+ "ON p.oid = pr.prpubid WHERE p.pubname = '_s3app_spring_public_0'")).isZero();
	}

	@Test
	void tableWithoutPrimaryKeyIsLeftOutUnderReportAndItsUpdatesKeepWorking() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s4", "CREATE TABLE s4.keyed (id bigint PRIMARY KEY, v text)",
				"CREATE TABLE s4.loose (code text NOT NULL, v text)", "CREATE UNIQUE INDEX loose_code ON s4.loose (code)",
				"INSERT INTO s4.loose VALUES ('a', 'x')");
		PublicationReport report = provision(database, settings("s4app", "s4", ReplicaIdentityPolicy.REPORT));
		assertThat(report.mode()).isEqualTo(PublicationMode.TABLES);
		assertThat(report.publications().get(0).tables()).extracting(PublishedTable::name).containsExactly("keyed");
		CheckResult identity = check(report, "replica-identity");
		assertThat(identity.status()).as("left out: a limitation, not a failure").isEqualTo(CheckStatus.WARN);
		assertThat(identity.found()).contains("s4.loose").contains("left out of the publication");
		assertThat(identity.action()).contains("ALTER TABLE \"s4\".\"loose\" ADD PRIMARY KEY (...);")
			.contains("REPLICA IDENTITY USING INDEX \"loose_code\";")
			.contains("REPLICA IDENTITY FULL;")
			.contains("zero.publication.replica-identity=auto");
		assertThat(report.ready()).isTrue();
		assertThatNoException().isThrownBy(() -> database.execute("UPDATE s4.loose SET v = 'y' WHERE code = 'a'",
				"DELETE FROM s4.loose WHERE code = 'a'"));
	}

	@Test
	void tablesWithoutPrimaryKeyGetAReplicaIdentityUnderAuto() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s5", "CREATE TABLE s5.indexed (code text NOT NULL, v text)",
				"CREATE UNIQUE INDEX indexed_code ON s5.indexed (code)", "CREATE TABLE s5.bare (v text)",
				"INSERT INTO s5.bare VALUES ('x')");
		PublicationReport report = provision(database, settings("s5app", "s5", ReplicaIdentityPolicy.AUTO));
		assertThat(report.mode()).isEqualTo(PublicationMode.SCHEMA);
		CheckResult identity = check(report, "replica-identity");
		assertThat(identity.status()).isEqualTo(CheckStatus.OK);
		assertThat(identity.found()).contains("ALTER TABLE \"s5\".\"indexed\" REPLICA IDENTITY USING INDEX \"indexed_code\";")
			.contains("ALTER TABLE \"s5\".\"bare\" REPLICA IDENTITY FULL;");
		assertThat(database.queryForString("SELECT string_agg(relname || '=' || relreplident::text, ',' ORDER BY relname) "
				+ "FROM pg_class WHERE relnamespace = 's5'::regnamespace AND relkind = 'r'"))
			.isEqualTo("bare=f,indexed=i");
		assertThatNoException().isThrownBy(() -> database.execute("UPDATE s5.bare SET v = 'y'", "DELETE FROM s5.bare"));
	}

	@Test
	void aTableCreatedLaterWithoutKeyNeverBreaksTheApplicationsUpdates() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s12", "CREATE TABLE s12.keyed (id bigint PRIMARY KEY)");
		PublicationReport report = provision(database, new PublicationSettings(new ShardId("s12app", 0), List.of(),
				List.of("s12"), ReplicaIdentityPolicy.REPORT, false, DdlDetection.EVENT_TRIGGERS));
		assertThat(report.mode()).isEqualTo(PublicationMode.SCHEMA);
		assertThat(report.ddlDetection()).isEqualTo(DdlDetection.EVENT_TRIGGERS);
		assertThatNoException().isThrownBy(() -> database.execute("""
				BEGIN;
				CREATE TABLE s12.loose (v text);
				INSERT INTO s12.loose VALUES ('a');
				UPDATE s12.loose SET v = 'b';
				DELETE FROM s12.loose;
				COMMIT;
				"""));
		assertThat(database.queryForString("SELECT string_agg(tablename, ',') FROM pg_publication_tables "
				+ "WHERE pubname = '_s12app_spring_public_0'")).isEqualTo("keyed");
		assertThat(database.queryForString("SELECT publication_mode FROM s12app_spring_0.shard_config")).isEqualTo("tables");
	}

	@Test
	void aTableCreatedLaterWithoutKeyGetsAReplicaIdentityUnderAuto() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s13", "CREATE TABLE s13.keyed (id bigint PRIMARY KEY)");
		provision(database, new PublicationSettings(new ShardId("s13app", 0), List.of(), List.of("s13"),
				ReplicaIdentityPolicy.AUTO, false, DdlDetection.EVENT_TRIGGERS));
		assertThatNoException().isThrownBy(() -> database.execute("""
				BEGIN;
				CREATE TABLE s13.loose (v text);
				INSERT INTO s13.loose VALUES ('a');
				UPDATE s13.loose SET v = 'b';
				COMMIT;
				"""));
		assertThat(database.queryForString("SELECT relreplident FROM pg_class WHERE oid = 's13.loose'::regclass"))
			.isEqualTo("f");
		assertThat(database.queryForString("SELECT publication_mode FROM s13app_spring_0.shard_config")).isEqualTo("schema");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication_tables WHERE pubname = '_s13app_spring_public_0'"))
			.isEqualTo(2);
	}

	@Test
	void nonSuperuserOwnerFallsBackToForTableAndTablesCreatedLaterAreAdded() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s6 AUTHORIZATION \"" + owner + "\"",
				"CREATE TABLE s6.first (id bigint PRIMARY KEY)", "ALTER TABLE s6.first OWNER TO \"" + owner + "\"");
		PublicationSettings settings = settings("s6app", "s6", ReplicaIdentityPolicy.REPORT);
		PublicationReport report = provisionAs(database, owner, "owner-pw", settings);
		assertThat(report.mode()).isEqualTo(PublicationMode.TABLES);
		assertThat(check(report, "publications").found()).contains("FOR TABLE, 1 of 1 tables")
			.contains("must be superuser");
		database.execute("CREATE TABLE s6.later (id bigint PRIMARY KEY)", "ALTER TABLE s6.later OWNER TO \"" + owner + "\"");
		PublicationReport again = provisionAs(database, owner, "owner-pw", settings);
		assertThat(again.publications().get(0).tables()).extracting(PublishedTable::name)
			.containsExactly("first", "later");
		assertThat(database.queryForString("SELECT pubowner::regrole::text FROM pg_publication WHERE pubname = '_s6app_spring_public_0'"))
			.isEqualTo(owner);
	}

	@Test
	void appPublicationsAreAdoptedWithTheirColumnListsAndRowFilters() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s7", "CREATE TABLE s7.item (id bigint PRIMARY KEY, name text, secret text)",
				"CREATE TABLE s7.event (id bigint PRIMARY KEY, kind text)",
				"CREATE PUBLICATION s7_items FOR TABLE s7.item (id, name)",
				"CREATE PUBLICATION s7_events FOR TABLE s7.event WHERE (kind <> 'debug')");
		PublicationReport report = provision(database,
				appSettings("s7app", ReplicaIdentityPolicy.REPORT, "s7_items", "s7_events"));
		assertThat(report.mode()).isEqualTo(PublicationMode.APP);
		assertThat(report.ready()).isTrue();
		assertThat(report.publications()).allSatisfy((publication) -> assertThat(publication.owner()).isEqualTo(PublicationOwner.USER));
		PublishedTable item = report.publications().get(0).tables().get(0);
		assertThat(item.columns()).containsExactly("id", "name");
		assertThat(item.rowFilter()).isNull();
		PublishedTable event = report.publications().get(1).tables().get(0);
		assertThat(event.columns()).isNull();
		assertThat(event.rowFilter()).contains("kind").contains("debug");
		assertThat(check(report, "publications").found()).contains("2 with a column list or row filter");
	}

	@Test
	void appPublicationsThatAreMissingReservedHostileIncompleteOrConflictingFail() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s8", "CREATE TABLE s8.item (id bigint PRIMARY KEY, name text, price int)",
				"CREATE PUBLICATION s8_inserts FOR TABLE s8.item WITH (publish = 'insert')",
				"CREATE PUBLICATION s8_names FOR TABLE s8.item (id, name)",
				"CREATE PUBLICATION s8_prices FOR TABLE s8.item (id, price)");
		assertThat(check(provision(database, appSettings("s8a", ReplicaIdentityPolicy.REPORT, "s8_nowhere")),
				"publications").found()).contains("do not exist: s8_nowhere");
		assertThat(check(provision(database, appSettings("s8b", ReplicaIdentityPolicy.REPORT, "_s8_reserved")),
				"publications").found()).contains("starts with '_', which is reserved");
		CheckResult hostile = check(
				provision(database, appSettings("s8c", ReplicaIdentityPolicy.REPORT, "a\"; DROP TABLE s8.item; --")),
				"publications");
		assertThat(hostile.status()).isEqualTo(CheckStatus.FAIL);
		assertThat(hostile.found()).contains("is not a plain SQL identifier");
		assertThat(database.queryForLong("SELECT count(*) FROM pg_tables WHERE schemaname = 's8'")).isEqualTo(1);
		CheckResult incomplete = check(provision(database, appSettings("s8d", ReplicaIdentityPolicy.REPORT, "s8_inserts")),
				"publications");
		assertThat(incomplete.found()).contains("s8_inserts does not publish update, delete, truncate");
		assertThat(incomplete.action())
			.isEqualTo("ALTER PUBLICATION \"s8_inserts\" SET (publish = 'insert, update, delete, truncate');");
		CheckResult conflict = check(
				provision(database, appSettings("s8e", ReplicaIdentityPolicy.REPORT, "s8_names", "s8_prices")),
				"publications");
		assertThat(conflict.found())
			.contains("table s8.item is published with different column lists by s8_names and s8_prices");
	}

	@Test
	void changedSetOfPublicationsRequiresAFullResync() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s9", "CREATE TABLE s9.a (id bigint PRIMARY KEY)",
				"CREATE TABLE s9.b (id bigint PRIMARY KEY)", "CREATE PUBLICATION s9_a FOR TABLE s9.a",
				"CREATE PUBLICATION s9_b FOR TABLE s9.b");
		assertThat(provision(database, appSettings("s9app", ReplicaIdentityPolicy.REPORT, "s9_a")).resyncRequired())
			.isFalse();
		// as the listener records a completed sync
		StateSchema state = new StateSchema(new ShardId("s9app", 0));
		try (Connection connection = database.connect()) {
			SyncState.beginReset(connection, state, "s9app_spring_0", ResetReason.INITIAL);
			SyncState.completeReset(connection, state, "s9app_spring_0", ResetReason.INITIAL, Instant.now(), List.of("s9_a"),
					"[]", 0);
		}
		assertThat(provision(database, appSettings("s9app", ReplicaIdentityPolicy.REPORT, "s9_a")).resyncRequired())
			.isFalse();
		PublicationReport changed = provision(database, appSettings("s9app", ReplicaIdentityPolicy.REPORT, "s9_a", "s9_b"));
		assertThat(changed.resyncRequired()).as("the state was synced from s9_a alone").isTrue();
		assertThat(changed.previousPublications()).containsExactly("s9_a");
	}

	@Test
	void concurrentProvisioningLeavesExactlyOnePublicationAndOneSchema() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s10", "CREATE TABLE s10.a (id bigint PRIMARY KEY)");
		PublicationSettings settings = settings("s10app", "s10", ReplicaIdentityPolicy.REPORT);
		int instances = 4;
		CyclicBarrier start = new CyclicBarrier(instances);
		ExecutorService executor = Executors.newFixedThreadPool(instances);
		try {
			List<Future<PublicationReport>> results = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				Callable<PublicationReport> instance = () -> {
					try (Connection connection = database.connect()) {
						start.await(10, TimeUnit.SECONDS);
						return new PublicationProvisioner(settings).provision(connection);
					}
				};
				results.add(executor.submit(instance));
			}
			for (Future<PublicationReport> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS).ready()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(database.queryForLong("SELECT count(*) FROM pg_publication WHERE pubname = '_s10app_spring_public_0'"))
			.isEqualTo(1);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_namespace WHERE nspname = 's10app_spring_0'")).isEqualTo(1);
		assertThat(database.queryForLong("SELECT count(*) FROM s10app_spring_0.schema_version"))
			.isEqualTo(new StateSchema(new ShardId("s10app", 0)).latestVersion());
	}

	@Test
	void decommissionLeavesTheCatalogAsItWasBefore() throws SQLException {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA s11", "CREATE TABLE s11.a (id bigint PRIMARY KEY)",
				"CREATE PUBLICATION s11_own FOR TABLE s11.a");
		String before = fullCatalog(database);
		provision(database, settings("s11app", "s11", ReplicaIdentityPolicy.REPORT));
		assertThat(fullCatalog(database)).isNotEqualTo(before);
		try (Connection connection = database.connect()) {
			ShardDecommission.Outcome outcome = new ShardDecommission(new ShardId("s11app", 0), "s11app_spring_0")
				.run(connection);
			assertThat(outcome.removed()).containsExactly("publication _s11app_spring_public_0",
					"schema s11app_spring_0");
			assertThat(outcome.left()).isEmpty();
		}
		assertThat(fullCatalog(database)).isEqualTo(before);
	}

	private static PublicationSettings settings(String appId, String schema, ReplicaIdentityPolicy policy) {
		return new PublicationSettings(new ShardId(appId, 0), List.of(), List.of(schema), policy, false,
				DdlDetection.RELATION_DIFF);
	}

	private static PublicationSettings appSettings(String appId, ReplicaIdentityPolicy policy, String... publications) {
		return new PublicationSettings(new ShardId(appId, 0), List.of(publications), List.of("public"), policy, false,
				DdlDetection.RELATION_DIFF);
	}

	private static PublicationReport provision(TestDatabase database, PublicationSettings settings)
			throws SQLException {
		try (Connection connection = database.connect()) {
			return new PublicationProvisioner(settings).provision(connection);
		}
	}

	private static PublicationReport provisionAs(TestDatabase database, String role, String password,
			PublicationSettings settings) throws SQLException {
		try (Connection connection = database.connect(role, password)) {
			return new PublicationProvisioner(settings).provision(connection);
		}
	}

	private static CheckResult check(PublicationReport report, String id) {
		return report.checks()
			.stream()
			.filter((check) -> check.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no check " + id + " in " + report.checks()));
	}

	/**
	 * Publications, their tables and options, and the shard's schema objects, with the
	 * transaction that last wrote each catalog row: a round that changes nothing writes nothing.
	 */
	private static String catalog(TestDatabase database, String appId) {
		return database.queryForString("""
				SELECT concat_ws(' | ',
				  (SELECT string_agg(pubname || ':' || pubinsert || pubupdate || pubdelete || pubtruncate || pubviaroot || ':' || xmin, ',' ORDER BY pubname) FROM pg_publication),
				  (SELECT string_agg(p.proname || ':' || p.xmin, ',' ORDER BY p.proname) FROM pg_proc p WHERE p.pronamespace = '%1$s_spring_0'::regnamespace),
				  (SELECT string_agg(xmin::text, ',') FROM %1$s_spring_0.shard_config),
				  (SELECT string_agg(pubname || '/' || schemaname || '.' || tablename, ',' ORDER BY 1) FROM pg_publication_tables),
				  (SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '%1$s_spring_0'))
				""".formatted(appId));
	}

	/** Everything a starter could create or change: schemas, relations, publications, triggers, slots. */
	private static String fullCatalog(TestDatabase database) {
		return database.queryForString("""
				SELECT concat_ws(' | ',
				  (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace),
				  (SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || c.relreplident::text, ',' ORDER BY 1)
				     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
				  (SELECT string_agg(pubname || ':' || pubinsert || pubupdate || pubdelete || pubtruncate || pubviaroot, ',' ORDER BY pubname) FROM pg_publication),
				  (SELECT string_agg(pubname || '/' || schemaname || '.' || tablename, ',' ORDER BY 1) FROM pg_publication_tables),
				  (SELECT string_agg(evtname, ',' ORDER BY evtname) FROM pg_event_trigger),
				  (SELECT string_agg(slot_name, ',' ORDER BY slot_name) FROM pg_replication_slots))
				""");
	}

}
