package dev.zero.kafka.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.zero.autoconfigure.ZeroAutoConfiguration;
import dev.zero.autoconfigure.ZeroProperties;
import dev.zero.kafka.DeadLetterTopicRecoverer;
import dev.zero.upstream.Upstream;

/**
 * With {@code zero.listener.error.recoverer=dead-letter-topic}, the
 * {@link DeadLetterTopicRecoverer} that the starter's listener error handler hands the changes
 * it gives up on, on the application's {@link ProducerFactory} and {@link KafkaAdmin}.
 * Independent of {@code zero.kafka.enabled}.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, ZeroAutoConfiguration.class })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnProperty(name = "zero.listener.error.recoverer", havingValue = "dead-letter-topic")
@ConditionalOnBean({ Upstream.class, ProducerFactory.class })
public final class ZeroDeadLetterTopicAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "zeroDeadLetterTopicRecoverer")
	DeadLetterTopicRecoverer zeroDeadLetterTopicRecoverer(ZeroProperties zero, ProducerFactory<?, ?> producerFactory,
			ObjectProvider<KafkaAdmin> admin) {
		String topic = zero.getListener().getError().getDeadLetterTopic();
		return new DeadLetterTopicRecoverer((topic != null) ? topic : zero.getAppId() + ".dead-letters",
				producerFactory, admin.getIfAvailable());
	}

}
