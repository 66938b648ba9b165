package dev.zero.kafka;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.change.Lsn;
import dev.zero.shard.ShardId;

/**
 * The records of the offsets topic, which carry the source position a shard's Kafka
 * transactions reached, committed in the same transactions as the changes (as Kafka Connect's
 * exactly-once source connectors commit their offsets): the key names the shard,
 * {@code {"appId":"todo","shard":0}}, and the value is the position,
 * {@code {"lsn":"0/16B3748"}}. The topic is compacted, so only the last position of each shard
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
		return JSON.writeValueAsBytes(JSON.createObjectNode().put("lsn", position.toString()));
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
