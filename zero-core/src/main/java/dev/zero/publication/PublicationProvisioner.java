package dev.zero.publication;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.ownership.LegacyMigration;
import dev.zero.ownership.ShardObjects;
import dev.zero.ownership.ZeroCacheShards;
import dev.zero.shard.OwnershipMark;
import dev.zero.sql.Identifiers;
import dev.zero.change.ResetReason;
import dev.zero.change.TableName;
import dev.zero.state.ResyncState;
import dev.zero.state.ShardConfig;
import dev.zero.state.StateSchema;
import dev.zero.state.SyncState;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.CheckStatus;

/**
 * Makes sure the shard has publications to replicate from: creates (and keeps in line) the
 * default publication {@code _{appId}_public_{shardNum}}, schema-wide when it may and table by
 * table when it may not, or adopts the application's own publications. It never publishes a
 * table whose UPDATE and DELETE statements would then fail, and records what it did in the
 * shard's schema. All of it happens in one transaction under the shard's setup lock.
 */
public final class PublicationProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(PublicationProvisioner.class);

	static final String PUBLICATIONS = "publications";

	static final String REPLICA_IDENTITY = "replica-identity";

	private static final String ALL_OPERATIONS = "insert, update, delete, truncate";

	private final PublicationSettings settings;

	private final StateSchema schema;

	private final ReplicaIdentityGuard guard = new ReplicaIdentityGuard();

	public PublicationProvisioner(PublicationSettings settings) {
		this.settings = settings;
		this.schema = new StateSchema(settings.shard());
	}

	public PublicationSettings settings() {
		return this.settings;
	}

	/**
	 * Provisions on {@code connection} (which must not be in a transaction) and commits.
	 */
	public PublicationReport provision(Connection connection) throws SQLException {
		LegacyMigration migration = new LegacyMigration(this.settings.shard(), this.settings.slotName());
		PublicationReport report = provisionInTransaction(connection, migration);
		if (report.mode() != null) {
			log("moved from the names of earlier versions: {}", migration.finish(connection));
		}
		return report;
	}

	private PublicationReport provisionInTransaction(Connection connection, LegacyMigration migration)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			this.schema.lock(connection);
			ShardObjects objects = new ShardObjects(this.settings.shard());
			List<ShardObjects.Foreign> foreign = objects.foreign(connection, !this.settings.usesAppPublications());
			if (!foreign.isEmpty()) {
				connection.rollback();
				return new PublicationReport(null, List.of(), List.of(objects.check(foreign)), false, List.of(),
						null);
			}
			List<String> moved = migration.run(connection);
			this.schema.migrate(connection);
			Optional<ShardConfig> previous = ShardConfig.read(connection, this.schema);
			SyncState synced = SyncState.read(connection, this.schema);
			Outcome outcome = this.settings.usesAppPublications() ? adoptAppPublications(connection)
					: provisionDefault(connection);
			List<String> names = outcome.publications.stream().map(PublicationDescriptor::name).sorted().toList();
			boolean resyncRequired = false;
			DdlDetection ddlDetection = installDdlDetection(connection, outcome.followsZeroCache);
			if (outcome.mode != null && !names.isEmpty()) {
				ShardConfig current = new ShardConfig(names, outcome.mode.id(), ddlDetection.id(),
						this.settings.replicaIdentity().id(), this.settings.schemas());
				// the replicated state decides: what it was synced from, not what the last round used
				resyncRequired = synced.synced()
						&& !synced.syncedPublications().stream().sorted().toList().equals(current.publications());
				if (!previous.equals(Optional.of(current))) {
					current.write(connection, this.schema);
				}
			}
			List<TableName> toResync = List.of();
			if (!outcome.uncopied.isEmpty()) {
				if (synced.synced() && synced.resetPending() == null
						&& outcome.uncopied.stream().allMatch(TableModel::readableInChunks)) {
					// their rows were never in the stream: each is re-read while streaming, even after a crash now
					toResync = outcome.uncopied.stream().map(TableModel::table).toList();
					for (TableName table : toResync) {
						ResyncState.request(connection, this.schema, table);
					}
				}
				else {
					// some cannot be read in chunks (no key): replicated state starts over
					SyncState.requireReset(connection, this.schema, ResetReason.PUBLICATIONS_CHANGED);
					resyncRequired = true;
				}
			}
			connection.commit();
			log("moved from the names of earlier versions: {}", moved);
			return new PublicationReport(outcome.mode, outcome.publications, outcome.checks, resyncRequired,
					synced.syncedPublications(), ddlDetection, toResync);
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private void log(String message, List<String> done) {
		if (!done.isEmpty()) {
			logger.info("zero shard {}: " + message, this.settings.shard(), String.join("; ", done));
		}
	}

	/**
	 * Installs what makes schema changes visible: always the published-schema function, and
	 * the event triggers when the role may create them. Returns the detection mode in use.
	 */
	private DdlDetection installDdlDetection(Connection connection, boolean followsZeroCache) throws SQLException {
		DdlTriggers triggers = new DdlTriggers(this.settings.shard());
		triggers.installSchemaFunction(connection);
		if (followsZeroCache || this.settings.ddlDetection() != DdlDetection.EVENT_TRIGGERS) {
			Savepoint savepoint = connection.setSavepoint();
			try {
				triggers.dropTriggers(connection);
				connection.releaseSavepoint(savepoint);
			}
			catch (SQLException ex) {
				connection.rollback(savepoint);
			}
			return DdlDetection.RELATION_DIFF;
		}
		Savepoint savepoint = connection.setSavepoint();
		try {
			triggers.installTriggers(connection);
			connection.releaseSavepoint(savepoint);
			return DdlDetection.EVENT_TRIGGERS;
		}
		catch (SQLException ex) {
			connection.rollback(savepoint);
			return DdlDetection.RELATION_DIFF;
		}
	}

	private Outcome adoptAppPublications(Connection connection) throws SQLException {
		List<String> names = this.settings.appPublications();
		List<String> problems = names.stream().map(AppPublicationNames::problem).filter(Objects::nonNull).toList();
		if (!problems.isEmpty()) {
			return Outcome.failed(CheckResult.fail(PUBLICATIONS, String.join("; ", problems),
					"Fix zero.app-publications: name existing publications that do not start with '_'."));
		}
		ZeroCacheShards zeroCache = ZeroCacheShards.read(connection);
		List<String> followed = names.stream().filter((name) -> name.startsWith("_")).toList();
		List<String> unowned = followed.stream()
			.filter((name) -> zeroCache.ownerOfPublication(name).isEmpty())
			.toList();
		if (!unowned.isEmpty()) {
			return Outcome.failed(CheckResult.fail(PUBLICATIONS, "publication(s) " + String.join(", ", unowned)
					+ " are named like zero-cache's, but no zero-cache shard of that app id and shard is in the "
					+ "database; names starting with '_' are reserved for publications the starter and zero-cache create",
					"Start zero-cache first (the starter re-checks on zero.validation.interval), or name your own "
							+ "publications in zero.app-publications."));
		}
		Map<String, String[]> existing = existingPublications(connection, names);
		List<String> missing = names.stream().filter((name) -> !existing.containsKey(name)).toList();
		if (!missing.isEmpty()) {
			return Outcome.failed(CheckResult.fail(PUBLICATIONS,
					"publication(s) named in zero.app-publications do not exist: " + String.join(", ", missing),
					"Create " + String.join(", ", missing.stream().map(Identifiers::quote).toList())
							+ " (CREATE PUBLICATION ... FOR TABLE ...) as the tables' owner, or remove them from "
							+ "zero.app-publications."));
		}
		List<String> incomplete = new ArrayList<>();
		List<String> fixes = new ArrayList<>();
		existing.forEach((name, row) -> {
			List<String> absent = new ArrayList<>();
			String[] operations = { "insert", "update", "delete", "truncate" };
			for (int i = 0; i < operations.length; i++) {
				if (!"t".equals(row[i + 1])) {
					absent.add(operations[i]);
				}
			}
			if (!absent.isEmpty()) {
				incomplete.add(name + " does not publish " + String.join(", ", absent));
				fixes.add("ALTER PUBLICATION " + Identifiers.quote(name) + " SET (publish = '" + ALL_OPERATIONS + "');");
			}
		});
		if (!incomplete.isEmpty()) {
			return Outcome.failed(CheckResult.fail(PUBLICATIONS, String.join("; ", incomplete)
					+ "; every publication must publish insert, update, delete and truncate", String.join(" ", fixes)));
		}
		List<PublicationDescriptor> descriptors = new ArrayList<>();
		for (String name : names) {
			descriptors.add(new PublicationDescriptor(name, PublicationMode.APP,
					followed.contains(name) ? PublicationOwner.ZERO_CACHE : PublicationOwner.USER,
					publishedTables(connection, name)));
		}
		List<String> conflicts = columnListConflicts(descriptors);
		if (!conflicts.isEmpty()) {
			return Outcome.failed(CheckResult.fail(PUBLICATIONS, String.join("; ", conflicts),
					"Publish each table with the same column list in every publication named in zero.app-publications "
							+ "(ALTER PUBLICATION ... SET TABLE ... (columns)), or name only one of them."));
		}
		List<CheckResult> checks = new ArrayList<>();
		String followNote = followed.isEmpty() ? ""
				: "; following zero-cache's " + String.join(", ", followed)
						+ " read-only (schema changes detected by relation diff)";
		checks.add(CheckResult.ok(PUBLICATIONS, "app: " + String.join(", ", names) + " ("
				+ descriptors.stream().mapToInt((d) -> d.tables().size()).sum() + " tables" + filtersNote(descriptors)
				+ ")" + followNote));
		List<String> own = names.stream().filter((name) -> !followed.contains(name)).toList();
		List<String> applied = new ArrayList<>();
		// zero-cache's tables are zero-cache's to fix: reported, never altered
		List<TableModel> lacking = new ArrayList<>(
				applyPolicy(connection, own.isEmpty() ? List.of() : this.guard.tablesOf(connection, own), applied));
		if (!followed.isEmpty()) {
			this.guard.tablesOf(connection, followed)
				.stream()
				.filter((table) -> !table.hasUsableIdentity() && !lacking.contains(table))
				.forEach(lacking::add);
		}
		checks.add(identityCheck(lacking, applied, true));
		if (!applied.isEmpty()) {
			descriptors = descriptors.stream()
				.map((d) -> new PublicationDescriptor(d.name(), d.mode(), d.owner(), publishedTables(connection, d.name())))
				.toList();
		}
		return new Outcome(PublicationMode.APP, descriptors, checks, !followed.isEmpty(), List.of());
	}

	private Outcome provisionDefault(Connection connection) throws SQLException {
		String name = this.settings.shard().defaultPublicationName();
		List<String> missingSchemas = missingSchemas(connection);
		if (!missingSchemas.isEmpty()) {
			return Outcome.failed(CheckResult.fail(PUBLICATIONS, "schema(s) to publish do not exist: "
					+ String.join(", ", missingSchemas),
					"Create the schema(s), or name existing ones in zero.publication.schemas."));
		}
		List<TableModel> tables = this.guard.tablesIn(connection, this.settings.schemas());
		List<String> applied = new ArrayList<>();
		List<TableModel> lacking = applyPolicy(connection, tables, applied);
		boolean exists = existingPublications(connection, List.of(name)).containsKey(name);
		String schemaWideRefusal = null;
		PublicationMode mode;
		if (this.settings.schemaWideRefused()) {
			schemaWideRefusal = "this provider does not allow schema-wide publications";
		}
		else if (!lacking.isEmpty()) {
			schemaWideRefusal = "tables without a replica identity must be left out";
		}
		else {
			schemaWideRefusal = trySchemaWide(connection, name, exists);
		}
		List<CheckResult> checks = new ArrayList<>();
		List<TableModel> uncopied = List.of();
		if (schemaWideRefusal == null) {
			mode = PublicationMode.SCHEMA;
			setOptions(connection, name);
			checks.add(CheckResult.ok(PUBLICATIONS, "schema: " + name + " FOR TABLES IN SCHEMA "
					+ String.join(", ", this.settings.schemas()) + " (" + tables.size() + " tables)"));
		}
		else {
			mode = PublicationMode.TABLES;
			List<TableModel> publishable = tables.stream()
				.filter(TableModel::hasUsableIdentity)
				.filter(TableModel::owned)
				.toList();
			uncopied = publishTables(connection, name, exists, publishable);
			setOptions(connection, name);
			List<TableModel> notOwned = tables.stream()
				.filter(TableModel::hasUsableIdentity)
				.filter((table) -> !table.owned())
				.toList();
			String found = "tables: " + name + " FOR TABLE, " + publishable.size() + " of " + tables.size()
					+ " tables (not schema-wide: " + schemaWideRefusal + "); tables created later are added"
					+ (uncopied.isEmpty() ? ""
							: "; newly published with existing rows, which are re-read while streaming (replicated state starts "
									+ "over instead when one has no key): "
									+ names(uncopied));
			if (notOwned.isEmpty()) {
				checks.add(CheckResult.ok(PUBLICATIONS, found));
			}
			else {
				checks.add(CheckResult.warn(PUBLICATIONS,
						found + "; not published because another role owns them: " + names(notOwned),
						"Transfer them to the replication role (ALTER TABLE ... OWNER TO ...), or have their owner "
								+ "create a publication and name it in zero.app-publications."));
			}
		}
		checks.add(identityCheck(lacking, applied, false));
		PublicationDescriptor descriptor = new PublicationDescriptor(name, mode, PublicationOwner.STARTER,
				publishedTables(connection, name));
		return new Outcome(mode, List.of(descriptor), checks, false, uncopied);
	}

	/**
	 * Applies the {@code auto} policy to the tables that need it; returns the tables still
	 * without a usable replica identity.
	 */
	private List<TableModel> applyPolicy(Connection connection, List<TableModel> tables, List<String> applied)
			throws SQLException {
		List<TableModel> lacking = new ArrayList<>();
		for (TableModel table : tables) {
			if (table.hasUsableIdentity()) {
				continue;
			}
			if (this.settings.replicaIdentity() == ReplicaIdentityPolicy.AUTO && table.owned()) {
				applied.add(this.guard.fix(connection, table) + ";");
			}
			else {
				lacking.add(table);
			}
		}
		return lacking;
	}

	private CheckResult identityCheck(List<TableModel> lacking, List<String> applied, boolean published) {
		String fixedNote = applied.isEmpty() ? "" : "; applied: " + String.join(" ", applied);
		if (lacking.isEmpty()) {
			return CheckResult.ok(REPLICA_IDENTITY, "every published table has a replica identity" + fixedNote);
		}
		String consequence = published
				? "they are published, so UPDATE and DELETE on them fail until they have one"
				: "they are left out of the publication so that the application's UPDATE and DELETE keep working";
		String why = (this.settings.replicaIdentity() == ReplicaIdentityPolicy.AUTO)
				? " (zero.publication.replica-identity=auto cannot change tables this role does not own)"
				: " (set zero.publication.replica-identity=auto to let the starter fix them)";
		// left out, the application's writes keep working and listeners get every other table:
		// a limitation to know, not a failure (unless a listener asks for one of them)
		return new CheckResult(REPLICA_IDENTITY, published ? CheckStatus.FAIL : CheckStatus.WARN,
				"tables without a replica identity: " + names(lacking) + "; " + consequence + fixedNote,
				"Give each a replica identity" + why + ": "
						+ lacking.stream().map(ReplicaIdentityGuard::choices).collect(Collectors.joining(" ")));
	}

	/**
	 * Tries to make the publication schema-wide in a savepoint; returns why it could not, or
	 * {@code null} when it did.
	 */
	private @Nullable String trySchemaWide(Connection connection, String name, boolean exists) throws SQLException {
		if (exists && isSchemaWideOn(connection, name)) {
			return null;
		}
		String schemas = this.settings.schemas().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
		String sql = exists ? "ALTER PUBLICATION " + Identifiers.quote(name) + " SET TABLES IN SCHEMA " + schemas
				: "CREATE PUBLICATION " + Identifiers.quote(name) + " FOR TABLES IN SCHEMA " + schemas;
		Savepoint savepoint = connection.setSavepoint();
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
			if (!exists) {
				mark(statement, name);
			}
			connection.releaseSavepoint(savepoint);
			return null;
		}
		catch (SQLException ex) {
			connection.rollback(savepoint);
			return ex.getMessage();
		}
	}

	/**
	 * Whether the publication publishes exactly the configured schemas, and no single tables.
	 */
	private boolean isSchemaWideOn(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT coalesce((SELECT array_agg(n.nspname::text ORDER BY n.nspname)
				                   FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
				                  WHERE pn.pnpubid = p.oid), '{}'),
				       NOT EXISTS (SELECT 1 FROM pg_publication_rel pr WHERE pr.prpubid = p.oid)
				  FROM pg_publication p WHERE p.pubname = ?
				""")) {
			statement.setString(1, name);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next() || !row.getBoolean(2)) {
					return false;
				}
				List<String> current = Arrays.asList((String[]) row.getArray(1).getArray());
				return current.equals(this.settings.schemas().stream().sorted().toList());
			}
		}
	}

	/**
	 * Makes the publication publish exactly {@code tables}, changing only what differs.
	 * @return the tables it added to an existing publication that already had rows: their
	 * rows were never in the stream
	 */
	private List<TableModel> publishTables(Connection connection, String name, boolean exists,
			List<TableModel> tables) throws SQLException {
		String quoted = Identifiers.quote(name);
		Set<String> wanted = new LinkedHashSet<>();
		tables.forEach((table) -> wanted.add(table.qualifiedName()));
		try (Statement statement = connection.createStatement()) {
			if (!exists) {
				statement.execute("CREATE PUBLICATION " + quoted
						+ (wanted.isEmpty() ? "" : " FOR TABLE " + String.join(", ", wanted)));
				mark(statement, name);
				return List.of();
			}
			Set<String> current = new LinkedHashSet<>();
			boolean schemaWide;
			try (PreparedStatement members = connection.prepareStatement("""
					SELECT n.nspname, c.relname
					  FROM pg_publication_rel pr
					  JOIN pg_publication p ON p.oid = pr.prpubid
					  JOIN pg_class c ON c.oid = pr.prrelid
					  JOIN pg_namespace n ON n.oid = c.relnamespace
					 WHERE p.pubname = ?
					""")) {
				members.setString(1, name);
				try (ResultSet rows = members.executeQuery()) {
					while (rows.next()) {
						current.add(Identifiers.qualified(rows.getString(1), rows.getString(2)));
					}
				}
			}
			try (PreparedStatement schemas = connection.prepareStatement(
					"SELECT EXISTS (SELECT 1 FROM pg_publication_namespace pn JOIN pg_publication p ON p.oid = pn.pnpubid WHERE p.pubname = ?)")) {
				schemas.setString(1, name);
				try (ResultSet row = schemas.executeQuery()) {
					row.next();
					schemaWide = row.getBoolean(1);
				}
			}
			if (schemaWide && !wanted.isEmpty()) {
				statement.execute("ALTER PUBLICATION " + quoted + " SET TABLE " + String.join(", ", wanted));
				return List.of();
			}
			if (schemaWide) {
				statement.execute("ALTER PUBLICATION " + quoted + " DROP TABLES IN SCHEMA "
						+ this.settings.schemas().stream().map(Identifiers::quote).collect(Collectors.joining(", ")));
			}
			Set<String> add = new LinkedHashSet<>(wanted);
			add.removeAll(current);
			Set<String> drop = new LinkedHashSet<>(current);
			drop.removeAll(wanted);
			List<TableModel> uncopied = new ArrayList<>();
			if (!add.isEmpty()) {
				boolean locked = lockBriefly(connection, add);
				statement.execute("ALTER PUBLICATION " + quoted + " ADD TABLE " + String.join(", ", add));
				for (TableModel table : tables) {
					if (add.contains(table.qualifiedName()) && (!locked || hasRows(statement, table.qualifiedName()))) {
						uncopied.add(table);
					}
				}
			}
			if (!drop.isEmpty()) {
				statement.execute("ALTER PUBLICATION " + quoted + " DROP TABLE " + String.join(", ", drop));
			}
			return uncopied;
		}
	}

	/**
	 * Locks {@code tables} in SHARE mode for the rest of the transaction, so that no write
	 * commits between the look at their rows and the publication's change: a row is then
	 * either seen here or decoded with its table published. Gives up after a second rather
	 * than queue the application's writes behind a long transaction.
	 */
	private static boolean lockBriefly(Connection connection, Collection<String> tables) throws SQLException {
		Savepoint savepoint = connection.setSavepoint();
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET LOCAL lock_timeout = '1s'");
			statement.execute("LOCK TABLE " + String.join(", ", tables) + " IN SHARE MODE");
			statement.execute("SET LOCAL lock_timeout = DEFAULT");
			connection.releaseSavepoint(savepoint);
			return true;
		}
		catch (SQLException ex) {
			connection.rollback(savepoint);
			return false;
		}
	}

	private static boolean hasRows(Statement statement, String table) throws SQLException {
		try (ResultSet row = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
			row.next();
			return row.getBoolean(1);
		}
	}

	private void mark(Statement statement, String publication) throws SQLException {
		statement.execute("COMMENT ON PUBLICATION " + Identifiers.quote(publication) + " IS "
				+ Identifiers.literal(new OwnershipMark(this.settings.shard()).comment()));
	}

	private void setOptions(Connection connection, String name) throws SQLException {
		try (PreparedStatement current = connection.prepareStatement("SELECT pubinsert AND pubupdate AND pubdelete"
				+ " AND pubtruncate AND pubviaroot FROM pg_publication WHERE pubname = ?")) {
			current.setString(1, name);
			try (ResultSet row = current.executeQuery()) {
				if (row.next() && row.getBoolean(1)) {
					// already right: no DDL (it would invalidate every decoding session's caches)
					return;
				}
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("ALTER PUBLICATION " + Identifiers.quote(name) + " SET (publish = '" + ALL_OPERATIONS
					+ "', publish_via_partition_root = true)");
		}
	}

	/**
	 * Publications among {@code names} that exist, each with its owner and operation flags
	 * ({@code [owner, insert, update, delete, truncate]} as {@code t}/{@code f}).
	 */
	private Map<String, String[]> existingPublications(Connection connection, List<String> names)
			throws SQLException {
		Map<String, String[]> existing = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT pubname, pubowner::regrole::text, pubinsert, pubupdate, pubdelete, pubtruncate
				  FROM pg_publication WHERE pubname = ANY (?)
				""")) {
			statement.setArray(1, connection.createArrayOf("text", names.toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					existing.put(rows.getString(1), new String[] { rows.getString(2), flag(rows, 3), flag(rows, 4),
							flag(rows, 5), flag(rows, 6) });
				}
			}
		}
		return existing;
	}

	private List<PublishedTable> publishedTables(Connection connection, String publication) {
		List<PublishedTable> tables = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT schemaname, tablename, attnames, rowfilter
				  FROM pg_publication_tables
				 WHERE pubname = ?
				 ORDER BY schemaname, tablename
				""")) {
			Map<TableName, TableModel> models = new HashMap<>();
			TableModels.ofPublications(connection, List.of(publication)).forEach((model) -> models.put(model.table(), model));
			statement.setString(1, publication);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					TableModel model = models.get(new TableName(rows.getString(1), rows.getString(2)));
					if (model == null) {
						continue;
					}
					Array attnames = rows.getArray(3);
					List<String> columns = (attnames != null) ? Arrays.asList((String[]) attnames.getArray()) : null;
					if (columns != null
							&& columns.size() == model.columns().stream().filter((column) -> !column.generated()).count()) {
						columns = null;
					}
					tables.add(new PublishedTable(rows.getString(1), rows.getString(2), identityInWords(model), columns,
							rows.getString(4)));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not list the tables of publication " + publication, ex);
		}
		return tables;
	}

	private static String identityInWords(TableModel table) {
		return switch (table.replicaIdentity()) {
			case DEFAULT -> table.hasPrimaryKey() ? "default (primary key)" : "default (no primary key)";
			case NOTHING -> "nothing";
			case FULL -> "full";
			case INDEX -> "index";
		};
	}

	private List<String> columnListConflicts(List<PublicationDescriptor> publications) {
		Map<String, Map<String, List<String>>> columnsByTable = new LinkedHashMap<>();
		for (PublicationDescriptor publication : publications) {
			for (PublishedTable table : publication.tables()) {
				columnsByTable.computeIfAbsent(table.schema() + "." + table.name(), (key) -> new LinkedHashMap<>())
					.put(publication.name(), table.columns());
			}
		}
		List<String> conflicts = new ArrayList<>();
		columnsByTable.forEach((table, byPublication) -> {
			if (byPublication.values().stream().distinct().count() > 1) {
				conflicts.add("table " + table + " is published with different column lists by "
						+ String.join(" and ", byPublication.keySet()));
			}
		});
		return conflicts;
	}

	private List<String> missingSchemas(Connection connection) throws SQLException {
		Set<String> found = new LinkedHashSet<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname = ANY (?)")) {
			statement.setArray(1, connection.createArrayOf("text", this.settings.schemas().toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					found.add(rows.getString(1));
				}
			}
		}
		return this.settings.schemas().stream().filter((schema) -> !found.contains(schema)).toList();
	}

	private static String filtersNote(List<PublicationDescriptor> publications) {
		long filtered = publications.stream()
			.flatMap((publication) -> publication.tables().stream())
			.filter((table) -> table.columns() != null || table.rowFilter() != null)
			.count();
		return (filtered > 0) ? ", " + filtered + " with a column list or row filter" : "";
	}

	private static String names(List<TableModel> tables) {
		return tables.stream().map((table) -> table.table().toString()).collect(Collectors.joining(", "));
	}

	private static String flag(ResultSet rows, int column) throws SQLException {
		return rows.getBoolean(column) ? "t" : "f";
	}

	/**
	 * @param followsZeroCache whether zero-cache's publications are among those in use: then
	 * the starter installs no event triggers of its own
	 * @param uncopied tables this round published that already had rows, which the stream
	 * never carried
	 */
	private record Outcome(@Nullable PublicationMode mode, List<PublicationDescriptor> publications,
			List<CheckResult> checks, boolean followsZeroCache, List<TableModel> uncopied) {

		static Outcome failed(CheckResult check) {
			return new Outcome(null, List.of(), List.of(check), false, List.of());
		}

	}

}
