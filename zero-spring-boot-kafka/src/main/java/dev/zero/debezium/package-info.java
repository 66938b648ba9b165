/**
 * Debezium's change-event envelope, as its PostgreSQL connector and JSON converter (without
 * schemas) write it: each column encoded as Debezium encodes it in every handling mode, record
 * keys and topic names. Plain Java, no Kafka client and no Spring: the Kafka target in
 * {@code dev.zero.kafka} sends what this package encodes.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.debezium;

import org.jspecify.annotations.NullMarked;
