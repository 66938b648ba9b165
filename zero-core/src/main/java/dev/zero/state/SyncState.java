package dev.zero.state;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;
import dev.zero.change.ResetReason;

/**
 * What the shard's replicated state is built from, as recorded upstream: which slot, whether
 * its first copy completed, from which publications and with which published schema, and the
 * last reset. A reset that has begun but not completed is recorded too, so that an
 * interrupted copy starts over with the same reason.
 *
 * @param slotName the slot the state was synced from, or {@code null}
 * @param synced whether the copy after the last reset completed
 * @param syncedPublications the publications it was synced from
 * @param publishedSchema the published schema at the sync (JSON), or {@code null}
 * @param resetPending the reason of a reset that has begun and not completed, or {@code null}
 * @param lastResetReason the reason of the last completed reset, or {@code null}
 * @param lastResetAt when it began, or {@code null}
 * @param lastSyncRows how many rows its copy delivered
 * @param legacyPublications while a shard moves from the names of earlier versions: the
 * publications the stream reads until it has passed {@code publicationsSwitch}; otherwise empty
 * @param publicationsSwitch from where the stream may read the current publications, or
 * {@code null} when not known yet
 * @param systemIdentifier the upstream cluster the stream last read from, or {@code null}
 * @param timeline the upstream's timeline then, or 0 when not known
 */
public record SyncState(@Nullable String slotName, boolean synced, List<String> syncedPublications,
		@Nullable String publishedSchema, @Nullable ResetReason resetPending, @Nullable ResetReason lastResetReason,
		@Nullable Instant lastResetAt, long lastSyncRows, List<String> legacyPublications,
		@Nullable Lsn publicationsSwitch, @Nullable String systemIdentifier, int timeline) {

	public static final SyncState NONE = new SyncState(null, false, List.of(), null, null, null, null, 0, List.of(),
			null, null, 0);

	public static SyncState read(Connection connection, StateSchema schema) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT slot_name, synced, synced_publications,"
				+ " published_schema::text, reset_pending, last_reset_reason, last_reset_at, last_sync_rows,"
				+ " legacy_publications, publications_switch_lsn::text, system_identifier, coalesce(timeline, 0) FROM "
				+ schema.table("replication_state"));
				ResultSet row = statement.executeQuery()) {
			if (!row.next()) {
				return NONE;
			}
			Timestamp resetAt = row.getTimestamp(7);
			String switchLsn = row.getString(10);
			return new SyncState(row.getString(1), row.getBoolean(2), strings(row.getArray(3)), row.getString(4),
					reason(row.getString(5)), reason(row.getString(6)), (resetAt != null) ? resetAt.toInstant() : null,
					row.getLong(8),
					strings(row.getArray(9)), (switchLsn != null) ? Lsn.parse(switchLsn) : null, row.getString(11),
					row.getInt(12));
		}
	}

	private static @Nullable ResetReason reason(@Nullable String id) {
		return (id != null) ? ResetReason.fromId(id) : null;
	}

	private static List<String> strings(@Nullable Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

	/**
	 * Records that replicated state must start over for {@code reason}, unless it was never
	 * synced (its first reset copies everything anyway) or a reset is pending already.
	 */
	public static void requireReset(Connection connection, StateSchema schema, ResetReason reason)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + schema.table("replication_state")
				+ " SET reset_pending = ? WHERE synced AND reset_pending IS NULL")) {
			statement.setString(1, reason.id());
			statement.executeUpdate();
		}
	}

	/** Records that a reset began: until it completes, the state is not synced. */
	public static void beginReset(Connection connection, StateSchema schema, String slotName, ResetReason reason)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO "
				+ schema.table("replication_state") + " (singleton, slot_name, synced, reset_pending)"
				+ " VALUES (true, ?, false, ?) ON CONFLICT (singleton) DO UPDATE SET slot_name = excluded.slot_name,"
				+ " synced = false, reset_pending = excluded.reset_pending")) {
			statement.setString(1, slotName);
			statement.setString(2, reason.id());
			statement.executeUpdate();
		}
	}

	/** Records that the copy after a reset completed. */
	public static void completeReset(Connection connection, StateSchema schema, String slotName, ResetReason reason,
			Instant at, List<String> publications, String publishedSchema, long rows) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + schema.table("replication_state")
				+ " SET slot_name = ?, synced = true, synced_publications = ?, published_schema = ?::jsonb,"
				+ " reset_pending = NULL, last_reset_reason = ?, last_reset_at = ?, last_sync_rows = ?,"
				+ " last_synced_at = now()")) {
			statement.setString(1, slotName);
			statement.setArray(2, connection.createArrayOf("text", publications.toArray()));
			statement.setString(3, publishedSchema);
			statement.setString(4, reason.id());
			statement.setTimestamp(5, Timestamp.from(at));
			statement.setLong(6, rows);
			statement.executeUpdate();
		}
	}

	/**
	 * Records the upstream cluster and timeline a session streams from, when they changed: a
	 * standby promoted later finds the timeline it was a standby of here (it replicated this
	 * row), and so knows a slot it lacks was lost with the promotion.
	 */
	public static void recordTimeline(Connection connection, StateSchema schema, String systemIdentifier,
			int timeline) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + schema.table("replication_state")
				+ " SET system_identifier = ?, timeline = ?"
				+ " WHERE system_identifier IS DISTINCT FROM ? OR timeline IS DISTINCT FROM ?")) {
			statement.setString(1, systemIdentifier);
			statement.setInt(2, timeline);
			statement.setString(3, systemIdentifier);
			statement.setInt(4, timeline);
			statement.executeUpdate();
		}
	}

	/** Records the published schema after a DDL statement followed in place. */
	public static void updatePublishedSchema(Connection connection, StateSchema schema, String publishedSchema)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"UPDATE " + schema.table("replication_state") + " SET published_schema = ?::jsonb")) {
			statement.setString(1, publishedSchema);
			statement.executeUpdate();
		}
	}

}
