package dev.zero.upstream;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.zero.sql.Identifiers;
import dev.zero.upstream.ProviderDetector.ServerMarkers;
import dev.zero.upstream.UpstreamFacts.Capacity;
import dev.zero.upstream.UpstreamFacts.DetectedProvider;
import dev.zero.upstream.UpstreamFacts.Probe;
import dev.zero.upstream.UpstreamFacts.Probes;
import dev.zero.upstream.UpstreamFacts.Publications;
import dev.zero.upstream.UpstreamFacts.Role;
import dev.zero.upstream.UpstreamFacts.Server;
import dev.zero.upstream.UpstreamFacts.Slot;
import dev.zero.upstream.UpstreamFacts.Table;
import dev.zero.upstream.UpstreamFacts.Timeout;

/**
 * Reads the facts the checks need from an open connection to the upstream, in a handful of
 * queries. It changes nothing: what it tries out (an event trigger, a publication) happens in
 * a transaction that is rolled back, and the replication probe only identifies the system.
 */
public final class UpstreamInspector {

	private static final String PROBE_NAME = "zero_readiness_probe";

	private final ProviderDetector providerDetector = new ProviderDetector();

	private final FailoverInspector failoverInspector = new FailoverInspector();

	public UpstreamFacts inspect(Connection connection, Upstream upstream, InspectionSettings settings)
			throws SQLException {
		Server server = server(connection);
		Map<String, Boolean> providerRoles = providerRoles(connection);
		Role role = role(connection, providerRoles);
		Capacity capacity = capacity(connection, settings.slotName());
		Publications publications = publications(connection, settings);
		DetectedProvider provider = this.providerDetector.detect(markers(connection, providerRoles.keySet()),
				upstream.host());
		Probes probes = new Probes(probeReplicationConnection(upstream, capacity), probeEventTriggers(connection),
				probeSchemaPublication(connection, server, settings, publications),
				probeTablePublication(connection, server, settings, publications));
		return new UpstreamFacts(server, role, capacity, publications, probes, provider,
				new UpstreamFacts.Address(upstream.host(), upstream.port(), upstream.urlParameter("sslmode")), settings,
				this.failoverInspector.inspect(connection, upstream, server.versionNum(), settings.slotName()));
	}

	private Server server(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
				SELECT current_setting('server_version_num')::int,
				       current_setting('server_version'),
				       version(),
				       coalesce(current_setting('effective_wal_level', true), current_setting('wal_level')),
				       (SELECT setting::bigint FROM pg_settings WHERE name = 'max_slot_wal_keep_size'),
				       current_database(),
				       pg_database_size(current_database()),
				       coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),
				       (SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid())
				""")) {
			row.next();
			return new Server(row.getInt(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5),
					row.getString(6), row.getLong(7), row.getBoolean(8), row.getString(9), timeouts(connection));
		}
	}

	private List<Timeout> timeouts(Connection connection) throws SQLException {
		List<Timeout> timeouts = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
				SELECT name, setting::bigint, source FROM pg_settings
				WHERE name IN ('statement_timeout', 'idle_in_transaction_session_timeout', 'transaction_timeout')
				  AND setting <> '0'
				ORDER BY name
				""")) {
			while (rows.next()) {
				timeouts.add(new Timeout(rows.getString(1), rows.getLong(2), rows.getString(3)));
			}
		}
		return timeouts;
	}

	/**
	 * The provider roles that exist, each with whether the connecting role is a member.
	 */
	private Map<String, Boolean> providerRoles(Connection connection) throws SQLException {
		Map<String, Boolean> roles = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT rolname, pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ANY (?)")) {
			statement.setArray(1, textArray(connection, ProviderDetector.PROVIDER_ROLES));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					roles.put(rows.getString(1), rows.getBoolean(2));
				}
			}
		}
		return roles;
	}

	private Role role(Connection connection, Map<String, Boolean> providerRoles) throws SQLException {
		Set<String> memberOf = new LinkedHashSet<>();
		providerRoles.forEach((name, member) -> {
			if (member) {
				memberOf.add(name);
			}
		});
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
				SELECT current_user, rolsuper, rolreplication, has_database_privilege(current_database(), 'CREATE')
				FROM pg_roles WHERE rolname = current_user
				""")) {
			row.next();
			return new Role(row.getString(1), row.getBoolean(2), row.getBoolean(3), memberOf, row.getBoolean(4));
		}
	}

	private Capacity capacity(Connection connection, String slotName) throws SQLException {
		List<Slot> others = new ArrayList<>();
		Slot ours = null;
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("""
							SELECT slot_name, active, wal_status,
							       slot_type = 'logical' AND database = current_database() AND plugin = 'pgoutput',
							       slot_type || ' slot' || coalesce(' of database ' || database, '')
							         || coalesce(' with plugin ' || plugin, '')
							  FROM pg_replication_slots ORDER BY slot_name
							""")) {
			while (rows.next()) {
				Slot slot = new Slot(rows.getString(1), rows.getBoolean(2), rows.getString(3), rows.getBoolean(4),
						rows.getString(5));
				if (slot.name().equals(slotName)) {
					ours = slot;
				}
				else {
					others.add(slot);
				}
			}
		}
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
				SELECT current_setting('max_replication_slots')::int,
				       current_setting('max_wal_senders')::int,
				       (SELECT count(*) FROM pg_stat_replication)::int
				""")) {
			row.next();
			return new Capacity(row.getInt(1), others, ours, row.getInt(2), row.getInt(3));
		}
	}

	/** For each missing publication, an existing one whose name differs only in case. */
	private static Map<String, String> otherCase(Connection connection, List<String> missing) throws SQLException {
		Map<String, String> found = new LinkedHashMap<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pubname FROM pg_publication WHERE lower(pubname) = lower(?) LIMIT 1")) {
			for (String name : missing) {
				statement.setString(1, name);
				try (ResultSet row = statement.executeQuery()) {
					if (row.next()) {
						found.put(name, row.getString(1));
					}
				}
			}
		}
		return found;
	}

	private Publications publications(Connection connection, InspectionSettings settings) throws SQLException {
		List<String> existing = new ArrayList<>();
		boolean defaultExists = false;
		List<String> names = new ArrayList<>(settings.appPublications());
		names.add(settings.shard().defaultPublicationName());
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pubname FROM pg_publication WHERE pubname = ANY (?)")) {
			statement.setArray(1, textArray(connection, names));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					String name = rows.getString(1);
					if (name.equals(settings.shard().defaultPublicationName())) {
						defaultExists = true;
					}
					if (settings.appPublications().contains(name)) {
						existing.add(name);
					}
				}
			}
		}
		List<String> missing = settings.appPublications().stream().filter((name) -> !existing.contains(name)).toList();
		Set<String> schemas = new HashSet<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname = ANY (?)")) {
			statement.setArray(1, textArray(connection, settings.publicationSchemas()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					schemas.add(rows.getString(1));
				}
			}
		}
		List<String> missingSchemas = settings.publicationSchemas()
			.stream()
			.filter((schema) -> !schemas.contains(schema))
			.toList();
		List<Table> tables = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT n.nspname, c.relname, pg_has_role(current_user, c.relowner, 'USAGE')
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
				ORDER BY n.nspname, c.relname
				""")) {
			statement.setArray(1, textArray(connection, settings.publicationSchemas()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					tables.add(new Table(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
				}
			}
		}
		return new Publications(existing, missing, defaultExists, missingSchemas, tables,
				otherCase(connection, missing));
	}

	private ServerMarkers markers(Connection connection, Set<String> roles) throws SQLException {
		Map<String, String> settings = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT name, current_setting(name, true) FROM unnest(?::text[]) AS name")) {
			statement.setArray(1, textArray(connection, ProviderDetector.PROVIDER_SETTINGS));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					String value = rows.getString(2);
					if (value != null && !value.isEmpty()) {
						settings.put(rows.getString(1), value);
					}
				}
			}
		}
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
				SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'aurora_version'),
				       EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'heroku_ext')
				""")) {
			row.next();
			return new ServerMarkers(roles, settings, row.getBoolean(1), row.getBoolean(2));
		}
	}

	private Probe probeReplicationConnection(Upstream upstream, Capacity capacity) {
		if (capacity.ourSlot() != null && capacity.ourSlot().active()) {
			// a re-check while streaming: the probe would need a WAL sender more than streaming does
			return Probe.notTried("slot " + capacity.ourSlot().name() + " is being read");
		}
		try (Connection replication = upstream.connectForReplication();
				Statement statement = replication.createStatement();
				ResultSet row = statement.executeQuery("IDENTIFY_SYSTEM")) {
			row.next();
			return Probe.succeeded("system " + row.getString("systemid") + ", timeline " + row.getString("timeline"));
		}
		catch (SQLException ex) {
			return Probe.failed(upstream.explain(ex));
		}
	}

	private Probe probeEventTriggers(Connection connection) {
		return rolledBack(connection, (statement) -> {
			statement.execute("CREATE FUNCTION pg_temp." + PROBE_NAME
					+ "() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$");
			statement.execute("CREATE EVENT TRIGGER " + PROBE_NAME + " ON ddl_command_end EXECUTE FUNCTION pg_temp."
					+ PROBE_NAME + "()");
			return "created and rolled back an event trigger";
		});
	}

	private Probe probeSchemaPublication(Connection connection, Server server, InspectionSettings settings,
			Publications publications) {
		if (settings.usesAppPublications()) {
			return Probe.notTried("zero.app-publications names the publications");
		}
		if (publications.defaultPublicationExists()) {
			return Probe.notTried("the publication exists already");
		}
		if (server.versionNum() < 150000) {
			return Probe.notTried("FOR TABLES IN SCHEMA needs PostgreSQL 15");
		}
		List<String> schemas = settings.publicationSchemas()
			.stream()
			.filter((schema) -> !publications.missingSchemas().contains(schema))
			.toList();
		if (schemas.isEmpty()) {
			return Probe.notTried("none of the schemas exists");
		}
		String sql = "CREATE PUBLICATION " + Identifiers.quote(settings.shard().defaultPublicationName())
				+ " FOR TABLES IN SCHEMA "
				+ schemas.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
		return rolledBack(connection, (statement) -> {
			statement.execute(sql);
			return "created and rolled back the publication FOR TABLES IN SCHEMA";
		});
	}

	private Probe probeTablePublication(Connection connection, Server server, InspectionSettings settings,
			Publications publications) {
		if (settings.usesAppPublications()) {
			return Probe.notTried("zero.app-publications names the publications");
		}
		if (publications.defaultPublicationExists()) {
			return Probe.notTried("the publication exists already");
		}
		List<Table> owned = publications.tables().stream().filter(Table::owned).toList();
		String tables = owned.stream()
			.map((table) -> Identifiers.qualified(table.schema(), table.name()))
			.collect(Collectors.joining(", "));
		String sql = "CREATE PUBLICATION " + Identifiers.quote(settings.shard().defaultPublicationName())
				+ (owned.isEmpty() ? "" : " FOR TABLE " + tables);
		return rolledBack(connection, (statement) -> {
			statement.execute(sql);
			return "created and rolled back the publication FOR TABLE (" + owned.size() + " tables)";
		});
	}

	/**
	 * Runs {@code action} in a transaction that is always rolled back.
	 */
	private Probe rolledBack(Connection connection, ProbeAction action) {
		try {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				return Probe.succeeded(action.run(statement));
			}
			catch (SQLException ex) {
				return Probe.failed(ex.getMessage());
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			return Probe.failed(ex.getMessage());
		}
	}

	private static Array textArray(Connection connection, List<String> values) throws SQLException {
		return connection.createArrayOf("text", values.toArray());
	}

	@FunctionalInterface
	private interface ProbeAction {

		String run(Statement statement) throws SQLException;

	}

}
