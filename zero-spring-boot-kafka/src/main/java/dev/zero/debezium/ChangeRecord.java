package dev.zero.debezium;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One record to publish: a change event, or the tombstone after a delete.
 *
 * @param topic the topic
 * @param key the key as JSON, {@code null} for a table without key columns (and for truncates)
 * @param value the envelope as JSON, {@code null} for a tombstone
 * @param headers the record's headers
 */
public record ChangeRecord(String topic, byte @Nullable [] key, byte @Nullable [] value,
		Map<String, byte[]> headers) {

}
