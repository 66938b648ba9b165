package dev.zero.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One KRaft broker inside the tests' JVM, started when a test first asks for it and shared by
 * every test after it (topics are named per test), stopped when the JVM exits. Its settings
 * suit a single broker: replication factor 1 for the internal topics, few partitions.
 * <p>
 * It is Kafka's own in-process cluster ({@code KafkaClusterTestKit}), which spring-kafka-test's
 * {@code EmbeddedKafkaKraftBroker} wraps: spring-kafka-test 4.1.2 is built against Kafka 4.2's
 * test kit, whose methods changed in 4.3, and Kafka 4.2's test kit does not run a 4.3 broker.
 */
final class KafkaBroker {

	private static KafkaClusterTestKit cluster;

	private KafkaBroker() {
	}

	static synchronized String bootstrapServers() {
		if (cluster == null) {
			// the broker ends the JVM on faults it cannot handle; here a fault fails the tests, not the JVM
			Exit.setExitProcedure((code, message) -> System.err.println("Kafka broker exit(" + code + "): " + message));
			Exit.setHaltProcedure((code, message) -> System.err.println("Kafka broker halt(" + code + "): " + message));
			try {
				KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(
						new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
				Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
						"transaction.state.log.num.partitions", "2", "offsets.topic.replication.factor", "1",
						"offsets.topic.num.partitions", "2", "group.initial.rebalance.delay.ms", "0",
						"auto.create.topics.enable", "false")
					.forEach(builder::setConfigProp);
				KafkaClusterTestKit started = builder.build();
				started.format();
				started.startup();
				started.waitForReadyBrokers();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						started.close();
					}
					catch (Throwable ex) {
						System.err.println("Could not stop the Kafka broker: " + ex);
					}
				}));
				cluster = started;
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not start the in-process Kafka broker", ex);
			}
		}
		return cluster.bootstrapServers();
	}

	static Map<String, Object> producerConfig() {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		return config;
	}

	static Map<String, Object> consumerConfig() {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		return config;
	}

	/**
	 * Every record of {@code topic} a {@code read_committed} consumer sees now, from the start,
	 * in offset order per partition.
	 */
	static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
		Map<String, Object> config = consumerConfig();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions;
			try {
				partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2))
					.stream()
					.map((info) -> new TopicPartition(topic, info.partition()))
					.toList();
			}
			catch (RuntimeException ex) {
				// not created yet
				return records;
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))
					&& System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(100)).forEach(records::add);
			}
		}
		return records;
	}

}
