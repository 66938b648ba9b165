package dev.zero.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.kafka.core.KafkaAdmin;

import dev.zero.kafka.KafkaTarget;
import dev.zero.change.Lsn;
import dev.zero.debezium.EnvelopeSettings;
import dev.zero.debezium.TableCatalog;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;

/**
 * Ours into Kafka, exactly-once: the same drain as {@link ZeroDrain}, published by the
 * starter's Kafka target to a broker in this JVM, in Kafka transactions that also commit the
 * position (the starter's default batching), each row encoded as Debezium's envelope. The
 * clock stops when the Kafka transaction holding the end position has committed; then a
 * {@code read_committed} consumer counts the records, off the clock.
 */
final class ZeroKafkaDrain {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private final InProcessKafka kafka;

	ZeroKafkaDrain(BenchmarkDatabase database, InProcessKafka kafka) {
		this.database = database;
		this.kafka = kafka;
	}

	/**
	 * Provisions the shard and lets a worker with the Kafka target create its slot and sync, so
	 * that the target's position is the slot's start, then stops it.
	 */
	void prepare(String slot) throws Exception {
		ZeroShards.provision(this.database, slot);
		ReplicationWorker worker = ZeroShards.worker(this.database, slot, true, List.of(), List.of(target(slot)));
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			ZeroShards.awaitStreaming(worker);
		}
		finally {
			worker.stop();
		}
	}

	DrainResult run(int round, String slot, Lsn end, long expectedChanges) throws Exception {
		CommitWatch watched = new CommitWatch(target(slot), end);
		ReplicationWorker worker = ZeroShards.worker(this.database, slot, true, List.of(), List.of(watched));
		long start = System.nanoTime();
		worker.start(List.of(BenchmarkTable.PUBLICATION));
		try {
			if (!watched.await(TIMEOUT)) {
				throw new IllegalStateException("ours (Kafka) did not commit " + end + " within " + TIMEOUT + " (worker "
						+ worker.status() + ")");
			}
		}
		finally {
			worker.stop();
		}
		Duration elapsed = Duration.ofNanos(watched.reachedAt() - start);
		String topic = slot + ".public.bench_item";
		long records = countCommitted(topic);
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.kafka.bootstrapServers()))) {
			admin.deleteTopics(Set.of(topic)).all().get();
		}
		if (records != expectedChanges) {
			throw new IllegalStateException("ours (Kafka) published " + records + " records, expected " + expectedChanges);
		}
		return new DrainResult("drain", "zero kafka", round, records, elapsed);
	}

	private KafkaTarget target(String slot) {
		Map<String, Object> producer = new HashMap<>();
		producer.put("bootstrap.servers", this.kafka.bootstrapServers());
		// large batches: fewer requests for the broker, which shares this JVM's cores
		producer.put("linger.ms", 20);
		producer.put("batch.size", 1024 * 1024);
		producer.put("max.request.size", 4 * 1024 * 1024);
		producer.put("buffer.memory", 64L * 1024 * 1024);
		producer.put("compression.type", "none");
		Map<String, Object> consumer = Map.of("bootstrap.servers", this.kafka.bootstrapServers());
		ShardId shard = new ShardId(slot, 0);
		return new KafkaTarget(shard, slot + "-spring-0", producer, consumer,
				new KafkaAdmin(Map.of("bootstrap.servers", this.kafka.bootstrapServers())),
				new KafkaTarget.TopicSettings(true, 1, null),
				EnvelopeSettings.defaults(slot, this.database.upstream().database()),
				new TableCatalog(this.database.upstream()::connect));
	}

	/** The records of {@code topic} a {@code read_committed} consumer sees. */
	private long countCommitted(String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
		long count = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.value() != null) {
						count++;
					}
				}
			}
		}
		return count;
	}

}
