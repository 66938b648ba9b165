/**
 * Debezium's change-event envelope, as its PostgreSQL connector and JSON converter (without
 * schemas) write it: each column encoded as Debezium encodes it in every handling mode, record
 * keys and topic names. Plain Java, no Kafka client and no Spring: the Kafka target in
 * {@code dev.zero.kafka} sends what this package encodes.
 */
@NullMarked
package dev.zero.debezium;

import org.jspecify.annotations.NullMarked;
