package dev.zero.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.kafka.core.KafkaAdmin;

import dev.zero.debezium.EnvelopeSettings;
import dev.zero.debezium.TableCatalog;
import dev.zero.replication.DeliverySettings;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Publishes a shard to Kafka in a JVM of its own, to be killed with {@code kill -9}: a
 * replication worker driving a {@link KafkaTarget} built as the auto-configuration builds it.
 * Arguments: url user password appId publication bootstrapServers batchSize [instance]; it
 * prints each state its worker enters ({@code state standby}, {@code state streaming}).
 */
public final class KafkaPublisherMain {

	private KafkaPublisherMain() {
	}

	public static void main(String[] args) throws Exception {
		String instance = (args.length > 7) ? args[7] : "publisher";
		Upstream upstream = Upstream.of(args[0], args[1], args[2], "zero/test-kafka-" + instance);
		ShardId shard = new ShardId(args[3], 0);
		Map<String, Object> producer = new HashMap<>();
		producer.put("bootstrap.servers", args[5]);
		producer.put("linger.ms", 5);
		Map<String, Object> consumer = Map.of("bootstrap.servers", args[5]);
		KafkaTarget target = new KafkaTarget(shard, shard.appId() + "-spring-0", producer, consumer,
				new KafkaAdmin(Map.of("bootstrap.servers", args[5])), new KafkaTarget.TopicSettings(true, 3, null),
				EnvelopeSettings.defaults(shard.appId(), upstream.database()), new TableCatalog(upstream::connect));
		ReplicationWorker worker = new ReplicationWorker(upstream, shard,
				new ReplicationSettings(shard.appId() + "_spring_0", Duration.ofSeconds(10), false, Duration.ofSeconds(5)),
				List::of, () -> List.of(target),
				new DeliverySettings(Integer.parseInt(args[6]), Duration.ofMillis(100), 1000, false,
						DeliverySettings.DEFAULTS.resyncChunk()),
				ReplicationMetrics.NONE);
		worker.start(List.of(args[4]));
		System.out.println("started");
		ReplicationState last = null;
		while (true) {
			ReplicationState state = worker.status().state();
			if (state != last) {
				System.out.println(java.time.LocalTime.now() + " state " + state.name().toLowerCase(java.util.Locale.ROOT));
				last = state;
			}
			Thread.sleep(50);
		}
	}

}
