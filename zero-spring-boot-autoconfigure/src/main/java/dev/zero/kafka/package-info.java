/**
 * Publishing changes to Kafka in Debezium's format: the envelope of Debezium's PostgreSQL
 * connector as its JSON converter writes it without schemas, each column encoded as Debezium
 * encodes it, record keys and topic names, and the records that carry the source position
 * through Kafka transactions. Plain Java: the Kafka clients and Spring live in
 * {@code dev.zero.autoconfigure.kafka}.
 */
@NullMarked
package dev.zero.kafka;

import org.jspecify.annotations.NullMarked;
