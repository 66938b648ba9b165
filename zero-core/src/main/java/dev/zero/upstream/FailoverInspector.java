package dev.zero.upstream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;

import dev.zero.upstream.UpstreamFacts.Failover;
import dev.zero.upstream.UpstreamFacts.OtherHost;
import dev.zero.upstream.UpstreamFacts.SlotCopy;
import dev.zero.upstream.UpstreamFacts.StandbySlot;

/**
 * Reads what a promotion of a standby would keep of the shard's slot: the slot's
 * {@code failover} flag and the primary's {@code synchronized_standby_slots} on the upstream,
 * and, on each other host of a multi-host URL that answers, whether it is a standby and holds
 * a synchronized copy of the slot. It changes nothing, and a host that does not answer is a
 * fact, not a failure.
 */
final class FailoverInspector {

	private static final int FAILOVER_SLOTS = 170000;

	Failover inspect(Connection connection, Upstream upstream, int versionNum, String slotName) throws SQLException {
		Boolean ourSlotFailover = null;
		List<String> names = List.of();
		List<StandbySlot> standbySlots = new ArrayList<>();
		if (versionNum >= FAILOVER_SLOTS) {
			ourSlotFailover = ourSlotFailover(connection, slotName);
			names = parseSlotList(setting(connection, "synchronized_standby_slots"));
			for (String name : names) {
				standbySlots.add(standbySlot(connection, name));
			}
		}
		return new Failover(ourSlotFailover, names, standbySlots, physicalSlots(connection),
				otherHosts(connection, upstream, slotName));
	}

	/**
	 * The names of a slot list setting: comma-separated, each possibly double-quoted.
	 */
	static List<String> parseSlotList(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		List<String> names = new ArrayList<>();
		for (String part : value.split(",")) {
			String name = part.strip();
			if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
				name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
			}
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return names;
	}

	private static @Nullable Boolean ourSlotFailover(Connection connection, String slotName) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT failover FROM pg_replication_slots WHERE slot_name = ?")) {
			statement.setString(1, slotName);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? row.getBoolean(1) : null;
			}
		}
	}

	private static @Nullable String setting(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?, true)")) {
			statement.setString(1, name);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getString(1);
			}
		}
	}

	private static StandbySlot standbySlot(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT slot_type = 'physical', active, invalidation_reason FROM pg_replication_slots WHERE slot_name = ?")) {
			statement.setString(1, name);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return new StandbySlot(name, false, false, false, null);
				}
				return new StandbySlot(name, true, row.getBoolean(1), row.getBoolean(2), row.getString(3));
			}
		}
	}

	private static int physicalSlots(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement
			.executeQuery("SELECT count(*)::int FROM pg_replication_slots WHERE slot_type = 'physical'")) {
			row.next();
			return row.getInt(1);
		}
	}

	private static List<OtherHost> otherHosts(Connection connection, Upstream upstream, String slotName) {
		List<Upstream.Host> hosts = upstream.hosts();
		if (hosts.size() < 2) {
			return List.of();
		}
		Upstream.Host connected = connectedHost(connection);
		List<OtherHost> others = new ArrayList<>();
		for (Upstream.Host host : hosts) {
			if (!host.equals(connected)) {
				others.add(otherHost(upstream.onHost(host), host, slotName));
			}
		}
		return others;
	}

	/** The host the driver chose among those of the URL, or {@code null} when it does not say. */
	private static Upstream.@Nullable Host connectedHost(Connection connection) {
		try {
			HostSpec spec = connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
			return new Upstream.Host(spec.getHost(), spec.getPort());
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private static OtherHost otherHost(Upstream single, Upstream.Host host, String slotName) {
		try (Connection connection = single.connect()) {
			int versionNum;
			boolean inRecovery;
			try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(
					"SELECT current_setting('server_version_num')::int, pg_is_in_recovery()")) {
				row.next();
				versionNum = row.getInt(1);
				inRecovery = row.getBoolean(2);
			}
			String columns = (versionNum >= FAILOVER_SLOTS) ? "synced, invalidation_reason, conflicting, temporary"
					: (versionNum >= 160000) ? "false, NULL, conflicting, temporary" : "false, NULL, false, temporary";
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT " + columns + " FROM pg_replication_slots WHERE slot_name = ?")) {
				statement.setString(1, slotName);
				try (ResultSet row = statement.executeQuery()) {
					SlotCopy copy = row.next() ? new SlotCopy(row.getBoolean(1), row.getString(2), row.getBoolean(3),
							row.getBoolean(4))
							: null;
					return new OtherHost(host.toString(), null, inRecovery, versionNum, copy);
				}
			}
		}
		catch (SQLException ex) {
			return OtherHost.unreachable(host.toString(), single.explain(ex));
		}
	}

}
