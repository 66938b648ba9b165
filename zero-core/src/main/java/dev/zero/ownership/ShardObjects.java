package dev.zero.ownership;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.zero.shard.OwnershipMark;
import dev.zero.shard.ShardId;
import dev.zero.upstream.CheckResult;

/**
 * Looks at the objects that carry the shard's names (its schema, its default publication, its
 * event triggers) and finds those the starter did not create: they have no ownership mark. The
 * starter changes nothing while such an object exists, and says whose it appears to be.
 */
public final class ShardObjects {

	/** The id of the check that reports objects with the shard's names that are not the starter's. */
	public static final String CHECK = "ownership";

	/**
	 * An object with one of the shard's names that the starter did not create.
	 *
	 * @param kind {@code schema}, {@code publication} or {@code event trigger}
	 * @param name its name
	 * @param owner whose it appears to be, in words
	 */
	public record Foreign(String kind, String name, String owner) {

	}

	private final ShardId shard;

	private final OwnershipMark mark;

	public ShardObjects(ShardId shard) {
		this.shard = shard;
		this.mark = new OwnershipMark(shard);
	}

	/**
	 * The objects with the shard's names that are not the starter's.
	 * @param defaultPublication whether the shard's default publication is in use (and so its
	 * name matters)
	 */
	public List<Foreign> foreign(Connection connection, boolean defaultPublication) throws SQLException {
		ZeroCacheShards zeroCache = ZeroCacheShards.read(connection);
		List<Foreign> foreign = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT 'schema', nspname, obj_description(oid, 'pg_namespace'), nspowner::regrole::text, nspname
				  FROM pg_namespace WHERE nspname = ?
				UNION ALL
				SELECT 'publication', pubname, obj_description(oid, 'pg_publication'), pubowner::regrole::text, NULL
				  FROM pg_publication WHERE pubname = ? AND ?
				UNION ALL
				SELECT 'event trigger', e.evtname, obj_description(e.oid, 'pg_event_trigger'),
				       e.evtowner::regrole::text, (SELECT nspname FROM pg_namespace WHERE oid = p.pronamespace)
				  FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid
				 WHERE e.evtname IN (?, ?)
				""")) {
			statement.setString(1, this.shard.internalSchema());
			statement.setString(2, this.shard.defaultPublicationName());
			statement.setBoolean(3, defaultPublication);
			statement.setString(4, this.shard.ddlStartTrigger());
			statement.setString(5, this.shard.ddlEndTrigger());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					if (this.mark.marks(rows.getString(3))) {
						continue;
					}
					String kind = rows.getString(1);
					String name = rows.getString(2);
					String schema = rows.getString(5);
					String owner = ("publication".equals(kind) ? zeroCache.ownerOfPublication(name)
							: (schema != null) ? zeroCache.ownerOfSchema(schema) : java.util.Optional.<String>empty())
						.orElse("role " + rows.getString(4) + ", not the starter");
					foreign.add(new Foreign(kind, name, owner));
				}
			}
		}
		return foreign;
	}

	/**
	 * The failing check for objects that are not the starter's, naming them and their
	 * apparent owners.
	 */
	public CheckResult check(List<Foreign> foreign) {
		Map<String, List<String>> byOwner = new LinkedHashMap<>();
		foreign.forEach((object) -> byOwner.computeIfAbsent(object.owner(), (owner) -> new ArrayList<>())
			.add(object.kind() + " " + object.name()));
		String found = byOwner.entrySet()
			.stream()
			.map((entry) -> String.join(" and ", entry.getValue()) + " belong"
					+ ((entry.getValue().size() == 1) ? "s" : "") + " to " + entry.getKey())
			.collect(Collectors.joining("; "))
				+ "; the starter alters, replaces or drops only what it created, so it leaves them alone and "
				+ "provisions nothing for shard " + this.shard;
		String example = (this.shard.appId().length() + 4 <= ShardId.MAX_APP_ID_LENGTH)
				? ", for example zero.app-id=" + this.shard.appId() + "_app" : "";
		return CheckResult.fail(CHECK, found, "Set zero.app-id (or zero.shard-num) to a value whose names are free"
				+ example + "; or, if these objects are left over and nobody uses them, have their owner drop them.");
	}

}
