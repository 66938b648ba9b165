package dev.zero.kafka.autoconfigure;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka module's own reflection hints, checked with {@link RuntimeHintsPredicates}.
 */
class ZeroKafkaRuntimeHintsTests {

	@Test
	void registersTheSerializersKafkaCreatesByClass() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new ZeroKafkaRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ByteArraySerializer.class.getConstructor())).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ByteArrayDeserializer.class.getConstructor())).accepts(hints);
	}

}
