/**
 * Publishing every change to Kafka exactly once: {@link dev.zero.kafka.KafkaTarget}, the
 * transactional target the replication worker drives (one Kafka transaction per target
 * transaction, its producer derived from the application's Spring Kafka
 * {@code ProducerFactory}), and {@link dev.zero.kafka.SourcePositions}, the records that carry
 * the source position through those transactions.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.kafka;

import org.jspecify.annotations.NullMarked;
