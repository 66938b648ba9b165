/**
 * Spring Boot auto-configuration of the Kafka target: {@code zero.kafka.*}, on Boot's Kafka
 * auto-configuration.
 */
@NullMarked
package dev.zero.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
