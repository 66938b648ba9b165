package dev.zero.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog query of {@link TableModels} on a real PostgreSQL: keys, every replica identity,
 * dropped and generated columns, type modifiers, domains and enums, partitioned tables, and
 * which tables each way of asking finds.
 */
class TableModelsTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	/** {@code numeric(10,2)}'s {@code atttypmod}. */
	private static final int NUMERIC_10_2 = ((10 << 16) | 2) + 4;

	/** {@code numeric(5,1)}'s. */
	private static final int NUMERIC_5_1 = ((5 << 16) | 1) + 4;

	@BeforeAll
	static void tables() {
		postgres.database()
			.execute("CREATE SCHEMA m", "CREATE TYPE m.mood AS ENUM ('sad', 'happy')",
					"CREATE DOMAIN m.amount AS numeric(5,1) NOT NULL",
					"CREATE TABLE m.pk (a int, b text, c int, PRIMARY KEY (b, a) INCLUDE (c))",
					"CREATE TABLE m.full_pk (id int PRIMARY KEY, v text)", "ALTER TABLE m.full_pk REPLICA IDENTITY FULL",
					"CREATE TABLE m.full_bare (v text)", "ALTER TABLE m.full_bare REPLICA IDENTITY FULL",
					"CREATE TABLE m.by_index (id int PRIMARY KEY, code text NOT NULL, n int NOT NULL)",
					"CREATE UNIQUE INDEX by_index_n_code ON m.by_index (n, code)",
					"ALTER TABLE m.by_index REPLICA IDENTITY USING INDEX by_index_n_code",
					"CREATE TABLE m.nothing (id int PRIMARY KEY)", "ALTER TABLE m.nothing REPLICA IDENTITY NOTHING",
					"CREATE TABLE m.bare (id int NOT NULL, v text)", "CREATE UNIQUE INDEX bare_v ON m.bare (v)",
					"CREATE UNIQUE INDEX bare_id ON m.bare (id)",
					"""
					CREATE TABLE m.cols (id int PRIMARY KEY, gone text, n numeric(10,2) NOT NULL, plain numeric,
					  ts timestamp(3), vc varchar(20), d m.amount, e m.mood, ae m.mood[],
					  g int GENERATED ALWAYS AS (id * 2) STORED)""",
					"ALTER TABLE m.cols DROP COLUMN gone", "CREATE TABLE m.empty ()",
					"CREATE TABLE m.parted (id int, at date, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
					"CREATE TABLE m.parted_2024 PARTITION OF m.parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
					"CREATE PUBLICATION m_leaves FOR TABLE m.parted, m.pk",
					"CREATE PUBLICATION m_root FOR TABLE m.parted WITH (publish_via_partition_root = true)");
	}

	@Test
	void readsThePrimaryKeyInItsOrderWithoutIncludedColumns() throws SQLException {
		TableModel pk = read("pk");
		assertThat(pk.primaryKey()).containsExactly("b", "a");
		assertThat(pk.replicaIdentity()).isEqualTo(ReplicaIdentity.DEFAULT);
		assertThat(pk.identityIndex()).isEmpty();
		assertThat(pk.chunkKey()).containsExactly("b", "a");
		assertThat(pk.hasUsableIdentity()).isTrue();
		assertThat(pk.owned()).isTrue();
	}

	@Test
	void readsReplicaIdentityFull() throws SQLException {
		TableModel withKey = read("full_pk");
		assertThat(withKey.replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
		assertThat(withKey.primaryKey()).containsExactly("id");
		assertThat(withKey.chunkKey()).containsExactly("id");
		TableModel bare = read("full_bare");
		assertThat(bare.replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
		assertThat(bare.hasUsableIdentity()).isTrue();
		assertThat(bare.readableInChunks()).isFalse();
	}

	@Test
	void readsTheReplicaIdentityIndexInItsOrder() throws SQLException {
		TableModel table = read("by_index");
		assertThat(table.replicaIdentity()).isEqualTo(ReplicaIdentity.INDEX);
		assertThat(table.identityIndex()).containsExactly("n", "code");
		assertThat(table.primaryKey()).containsExactly("id");
		assertThat(table.chunkKey()).containsExactly("n", "code");
		assertThat(table.suitableIndex()).isEqualTo("by_index_pkey");
	}

	@Test
	void readsReplicaIdentityNothing() throws SQLException {
		TableModel table = read("nothing");
		assertThat(table.replicaIdentity()).isEqualTo(ReplicaIdentity.NOTHING);
		assertThat(table.hasUsableIdentity()).isFalse();
		assertThat(table.chunkKey()).containsExactly("id");
	}

	@Test
	void readsADefaultIdentityWithoutPrimaryKeyAndTheIndexThatCouldServe() throws SQLException {
		TableModel table = read("bare");
		assertThat(table.replicaIdentity()).isEqualTo(ReplicaIdentity.DEFAULT);
		assertThat(table.primaryKey()).isEmpty();
		assertThat(table.hasUsableIdentity()).isFalse();
		assertThat(table.readableInChunks()).isFalse();
		// bare_v's column may be NULL
		assertThat(table.suitableIndex()).isEqualTo("bare_id");
	}

	@Test
	void readsColumnsWithoutDroppedOnesAndMarksGeneratedOnes() throws SQLException {
		TableModel table = read("cols");
		assertThat(table.columns()).extracting(TableColumn::name)
			.containsExactly("id", "n", "plain", "ts", "vc", "d", "e", "ae", "g");
		assertThat(table.columns()).filteredOn(TableColumn::generated).extracting(TableColumn::name).containsExactly("g");
		assertThat(table.column("gone")).isNull();
	}

	@Test
	void readsTypesModifiersAndNullability() throws SQLException {
		TableModel table = read("cols");
		TableColumn id = table.column("id");
		assertThat(id.typeOid()).isEqualTo(23);
		assertThat(id.typeName()).isEqualTo("int4");
		assertThat(id.typeModifier()).isEqualTo(-1);
		assertThat(id.notNull()).isTrue();
		TableColumn n = table.column("n");
		assertThat(n.typeName()).isEqualTo("numeric");
		assertThat(n.typeModifier()).isEqualTo(NUMERIC_10_2);
		assertThat(n.declaredModifier()).isEqualTo(NUMERIC_10_2);
		assertThat(n.notNull()).isTrue();
		assertThat(table.column("plain").typeModifier()).isEqualTo(-1);
		assertThat(table.column("plain").notNull()).isFalse();
		assertThat(table.column("ts").typeModifier()).isEqualTo(3);
		assertThat(table.column("vc").typeName()).isEqualTo("varchar");
		assertThat(table.column("vc").typeModifier()).isEqualTo(24);
	}

	@Test
	void readsADomainAsPgoutputSendsIt() throws SQLException {
		TableColumn d = read("cols").column("d");
		long domainOid = Long.parseLong(postgres.database().queryForString("SELECT 'm.amount'::regtype::oid"));
		assertThat(d.typeOid()).isEqualTo((int) domainOid);
		assertThat(d.typeName()).isEqualTo("numeric");
		assertThat(d.typeModifier()).isEqualTo(-1);
		assertThat(d.domainModifier()).isEqualTo(NUMERIC_5_1);
		assertThat(d.declaredModifier()).isEqualTo(NUMERIC_5_1);
		assertThat(d.notNull()).isTrue();
		assertThat(d.enumType()).isFalse();
	}

	@Test
	void readsEnumsByTheirQualifiedName() throws SQLException {
		TableModel table = read("cols");
		assertThat(table.column("e").typeName()).isEqualTo("m.mood");
		assertThat(table.column("e").enumType()).isTrue();
		assertThat(table.column("ae").typeName()).isEqualTo("m._mood");
		assertThat(table.column("ae").enumType()).isFalse();
	}

	@Test
	void readsATableWithoutColumns() throws SQLException {
		TableModel table = read("empty");
		assertThat(table.columns()).isEmpty();
		assertThat(table.primaryKey()).isEmpty();
	}

	@Test
	void readsAPartitionedTableAndItsPartitions() throws SQLException {
		TableModel parted = read("parted");
		assertThat(parted.primaryKey()).containsExactly("id", "at");
		assertThat(parted.columns()).extracting(TableColumn::name).containsExactly("id", "at", "v");
		TableModel partition = read("parted_2024");
		assertThat(partition.primaryKey()).containsExactly("id", "at");
		assertThat(partition.readableInChunks()).isTrue();
	}

	@Test
	void tablesInSchemasAreTheTablesAndPartitionedTablesButNotPartitions() throws SQLException {
		try (Connection connection = postgres.database().connect()) {
			assertThat(TableModels.inSchemas(connection, List.of("m"))).extracting((model) -> model.table().name())
				.containsExactly("bare", "by_index", "cols", "empty", "full_bare", "full_pk", "nothing", "parted",
						"pk");
		}
	}

	@Test
	void tablesOfPublicationsAreThoseThePublicationsList() throws SQLException {
		try (Connection connection = postgres.database().connect()) {
			assertThat(TableModels.ofPublications(connection, List.of("m_leaves")))
				.extracting((model) -> model.table().name())
				.containsExactly("parted_2024", "pk");
			assertThat(TableModels.ofPublications(connection, List.of("m_root")))
				.extracting((model) -> model.table().name())
				.containsExactly("parted");
		}
	}

	@Test
	void readsManyTablesAtOnceAndLeavesOutThoseThatDoNotExist() throws SQLException {
		try (Connection connection = postgres.database().connect()) {
			assertThat(TableModels.read(connection,
					List.of(new TableName("m", "pk"), new TableName("m", "missing"), new TableName("m", "bare"))))
				.extracting(TableModel::table)
				.containsExactly(new TableName("m", "bare"), new TableName("m", "pk"));
			assertThat(TableModels.read(connection, new TableName("m", "missing"))).isEmpty();
			assertThat(TableModels.read(connection, List.of())).isEmpty();
		}
	}

	@Test
	void saysWhetherTheConnectingRoleOwnsTheTable() throws SQLException {
		TestDatabase database = postgres.database();
		String role = postgres.createRole(database.name() + "_reader", "LOGIN", "reader-pw");
		database.execute("CREATE SCHEMA o", "CREATE TABLE o.theirs (id int PRIMARY KEY)",
				"ALTER TABLE o.theirs OWNER TO \"" + role + "\"");
		try (Connection connection = database.connect(role, "reader-pw")) {
			assertThat(TableModels.read(connection, new TableName("o", "theirs")).orElseThrow().owned()).isTrue();
			assertThat(TableModels.read(connection, new TableName("m", "pk")).orElseThrow().owned()).isFalse();
		}
	}

	private static TableModel read(String name) throws SQLException {
		try (Connection connection = postgres.database().connect()) {
			return TableModels.read(connection, new TableName("m", name)).orElseThrow();
		}
	}

}
