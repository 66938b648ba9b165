package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Lsn;

/**
 * The history of a timeline: for each ancestor, the position at which the server switched
 * away from it (a promotion). WAL of an ancestor up to its switch point is part of the
 * timeline; what the ancestor wrote past it is not, and never will be.
 */
final class TimelineHistory {

	private final int timeline;

	/** Each ancestor's switch point, oldest first. */
	private final Map<Integer, Lsn> switchPoints;

	private TimelineHistory(int timeline, Map<Integer, Lsn> switchPoints) {
		this.timeline = timeline;
		this.switchPoints = Map.copyOf(switchPoints);
	}

	/**
	 * Reads the history of {@code timeline} on a replication connection
	 * ({@code TIMELINE_HISTORY}); timeline 1 has none.
	 */
	static TimelineHistory read(Connection replication, int timeline) throws SQLException {
		if (timeline <= 1) {
			return new TimelineHistory(timeline, Map.of());
		}
		// a replication command: no parameters, and the timeline is a number
		try (PreparedStatement statement = replication.prepareStatement("TIMELINE_HISTORY " + timeline);
				ResultSet row = statement.executeQuery()) {
			if (!row.next()) {
				throw new SQLException("TIMELINE_HISTORY " + timeline + " returned no row", "XX000");
			}
			return parse(timeline, new String(row.getBytes("content"), StandardCharsets.UTF_8));
		}
	}

	/**
	 * Parses a history file: one line per ancestor, {@code parentTLI <tab> switchpoint <tab>
	 * reason}; blank lines and comments are skipped.
	 */
	static TimelineHistory parse(int timeline, String content) {
		Map<Integer, Lsn> switchPoints = new LinkedHashMap<>();
		for (String line : content.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			String[] fields = trimmed.split("\\s+", 3);
			if (fields.length < 2) {
				throw new IllegalArgumentException("Not a timeline history line: " + trimmed);
			}
			switchPoints.put(Integer.parseInt(fields[0]), Lsn.parse(fields[1]));
		}
		return new TimelineHistory(timeline, switchPoints);
	}

	int timeline() {
		return this.timeline;
	}

	/**
	 * Where the history switched away from {@code ancestor}, or {@code null} when it is not an
	 * ancestor (nor this timeline).
	 */
	@Nullable Lsn switchPoint(int ancestor) {
		return this.switchPoints.get(ancestor);
	}

	/**
	 * Whether a position reached on timeline {@code of} is part of this timeline's history:
	 * on this timeline itself, or on an ancestor at or before the switch point.
	 */
	boolean contains(int of, Lsn position) {
		if (of == this.timeline) {
			return true;
		}
		Lsn switchPoint = switchPoint(of);
		return switchPoint != null && position.compareTo(switchPoint) <= 0;
	}

}
