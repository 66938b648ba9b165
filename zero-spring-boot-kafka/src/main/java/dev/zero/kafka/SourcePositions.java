package dev.zero.kafka;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.zero.change.Lsn;
import dev.zero.change.UpstreamTimeline;
import dev.zero.shard.ShardId;

/**
 * The records of the offsets topic, which carry the source position a shard's Kafka
 * transactions reached, committed in the same transactions as the changes (as Kafka Connect's
 * exactly-once source connectors commit their offsets): the key names the shard,
 * {@code {"appId":"todo","shard":0}}, and the value is the position,
 * {@code {"lsn":"0/16B3748","systemIdentifier":"7400...","timeline":1}} (a position is only
 * meaningful with the upstream cluster and timeline it was reached on). The topic is compacted, so only the last position of each shard
 * is kept.
 */
public final class SourcePositions {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SourcePositions() {
	}

	/** The key of a shard's positions. */
	public static byte[] key(ShardId shard) {
		return JSON.writeValueAsBytes(JSON.createObjectNode().put("appId", shard.appId()).put("shard", shard.shardNum()));
	}

	/** A position as a record value. */
	public static byte[] value(Lsn position) {
		return value(position, null);
	}

	/** A position and where it was reached as a record value. */
	public static byte[] value(Lsn position, @Nullable UpstreamTimeline timeline) {
		ObjectNode node = JSON.createObjectNode().put("lsn", position.toString());
		if (timeline != null) {
			node.put("systemIdentifier", timeline.systemIdentifier()).put("timeline", timeline.timeline());
		}
		return JSON.writeValueAsBytes(node);
	}

	/**
	 * The upstream cluster and timeline a record value's position was reached on.
	 * @return them, or {@code null} when the value does not say (written by an earlier version)
	 */
	public static @Nullable UpstreamTimeline timeline(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(value);
			String system = node.path("systemIdentifier").asString(null);
			int timeline = node.path("timeline").asInt(0);
			return (system != null && timeline > 0) ? new UpstreamTimeline(system, timeline) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The position a record value holds.
	 * @return the position, or {@code null} when the value is not one ({@code null}, or not
	 * this format)
	 */
	public static @Nullable Lsn position(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(value);
			String lsn = node.path("lsn").asString(null);
			return (lsn != null) ? Lsn.parse(lsn) : null;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/** Whether a record key is that of {@code shard}. */
	public static boolean isKeyOf(ShardId shard, byte @Nullable [] key) {
		return key != null && new String(key, StandardCharsets.UTF_8)
			.equals(new String(key(shard), StandardCharsets.UTF_8));
	}

}
