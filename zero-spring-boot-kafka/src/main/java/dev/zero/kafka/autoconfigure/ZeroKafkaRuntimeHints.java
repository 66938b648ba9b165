package dev.zero.kafka.autoconfigure;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The reflection a native image needs for publishing to Kafka: the serializer and
 * deserializer that {@code KafkaTarget} names by class in its producer and consumer
 * configuration, which Kafka's clients create reflectively. The Debezium envelope needs
 * none: it is written with Jackson's streaming generator, not by serializing objects.
 */
class ZeroKafkaRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(ByteArraySerializer.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)
			.registerType(ByteArrayDeserializer.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
	}

}
