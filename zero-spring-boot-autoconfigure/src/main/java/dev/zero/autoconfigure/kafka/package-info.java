/**
 * Publishing every change to Kafka, exactly once: the transactional target the replication
 * worker drives, its auto-configuration and {@code zero.kafka.*}.
 */
@NullMarked
package dev.zero.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
