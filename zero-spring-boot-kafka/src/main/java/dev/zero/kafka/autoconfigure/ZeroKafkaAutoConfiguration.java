package dev.zero.kafka.autoconfigure;

import dev.zero.kafka.KafkaTarget;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.zero.autoconfigure.ZeroAutoConfiguration;
import dev.zero.autoconfigure.ZeroProperties;
import dev.zero.debezium.EnvelopeSettings;
import dev.zero.debezium.Operation;
import dev.zero.debezium.TableCatalog;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Auto-configuration of publishing to Kafka: with spring-kafka on the classpath and
 * {@code zero.kafka.enabled=true}, a {@link KafkaTarget} that the replication worker drives,
 * on the application's Kafka beans: a copy of its {@link ProducerFactory} (so its
 * customizers, listeners such as Micrometer's producer metrics, and post-processors apply),
 * its {@link ConsumerFactory}'s settings, listeners and post-processors, and its
 * {@link KafkaAdmin}.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, ZeroAutoConfiguration.class })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty("zero.kafka.enabled")
@ConditionalOnBean(Upstream.class)
@EnableConfigurationProperties(ZeroKafkaProperties.class)
@ImportRuntimeHints(ZeroKafkaRuntimeHints.class)
public final class ZeroKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KafkaTarget zeroKafkaTarget(ZeroProperties zero, ZeroKafkaProperties properties, Upstream upstream,
			ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
			ObjectProvider<KafkaAdmin> admin, ObjectProvider<ZeroThreads> threads) {
		ShardId shard = new ShardId(zero.getAppId(), zero.getShardNum());
		String prefix = (properties.getTopicPrefix() != null) ? properties.getTopicPrefix() : shard.appId();
		String transactionalId = (properties.getTransactionalId() != null) ? properties.getTransactionalId()
				: shard.appId() + "-" + ShardId.INFIX + "-" + shard.shardNum();
		String database = upstream.database();
		EnvelopeSettings settings = new EnvelopeSettings(prefix, (database != null) ? database : "",
				properties.getDecimalHandlingMode(), properties.getBinaryHandlingMode(),
				properties.getTimePrecisionMode(), properties.isTombstonesOnDelete(),
				skipped(properties.getSkippedOperations()));
		ZeroKafkaProperties.Topics topics = properties.getTopics();
		return new KafkaTarget(shard, transactionalId, producerFactory, consumerFactory, admin.getIfAvailable(),
				new KafkaTarget.TopicSettings(topics.isCreate(), topics.getPartitions(), topics.getReplicationFactor()),
				settings, new TableCatalog(upstream::connect), threads.getIfAvailable(ZeroThreads::defaults));
	}

	private static Set<Operation> skipped(Iterable<String> codes) {
		Set<Operation> skipped = EnumSet.noneOf(Operation.class);
		for (String code : codes) {
			if (!code.isBlank() && !code.trim().equalsIgnoreCase("none")) {
				skipped.add(Operation.skippable(code));
			}
		}
		return skipped;
	}

}
