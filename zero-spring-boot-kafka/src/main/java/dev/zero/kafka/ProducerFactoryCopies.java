package dev.zero.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The producer factories the starter publishes with: copies of the application's (Boot's)
 * {@link ProducerFactory}, so that its configuration, listeners and post-processors apply,
 * with byte-array serializers and what the caller overrides.
 */
final class ProducerFactoryCopies {

	private static final Logger logger = LoggerFactory.getLogger(ProducerFactoryCopies.class);

	private ProducerFactoryCopies() {
	}

	/**
	 * A copy of {@code application} with {@code overrides} and byte-array serializers; when it
	 * cannot be copied, a factory made from its configuration alone (with a warning naming
	 * {@code purpose}).
	 * @param application the application's producer factory
	 * @param overrides the producer configuration to override
	 * @param purpose what the copy is for, for the warning
	 * @return the factory, not shared with the application
	 */
	@SuppressWarnings("unchecked")
	static DefaultKafkaProducerFactory<byte[], byte[]> bytes(ProducerFactory<?, ?> application,
			Map<String, Object> overrides, String purpose) {
		Map<String, Object> all = new HashMap<>(overrides);
		all.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		all.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		ProducerFactory<?, ?> copy;
		try {
			copy = application.copyWithConfigurationOverride(all);
		}
		catch (UnsupportedOperationException ex) {
			copy = null;
		}
		DefaultKafkaProducerFactory<byte[], byte[]> factory;
		if (copy instanceof DefaultKafkaProducerFactory<?, ?> copied) {
			factory = (DefaultKafkaProducerFactory<byte[], byte[]>) copied;
		}
		else {
			logger.warn("The application's producer factory ({}) cannot be copied for {}; it publishes with a producer"
					+ " made from its configuration alone, without its listeners or post-processors",
					application.getClass().getName(), purpose);
			Map<String, Object> config = new HashMap<>(application.getConfigurationProperties());
			config.putAll(all);
			factory = new DefaultKafkaProducerFactory<>(config);
		}
		// serializers the application set on its factory would win over the configuration
		factory.setKeySerializerSupplier(ByteArraySerializer::new);
		factory.setValueSerializerSupplier(ByteArraySerializer::new);
		return factory;
	}

}
