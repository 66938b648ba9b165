package dev.zero.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * One KRaft broker (combined with its controller) inside the benchmark's JVM, on loopback,
 * with single-broker settings for the internal topics; its data in a temporary directory
 * deleted on close.
 */
final class InProcessKafka implements AutoCloseable {

	private final KafkaClusterTestKit cluster;

	private InProcessKafka(KafkaClusterTestKit cluster) {
		this.cluster = cluster;
	}

	static InProcessKafka start() throws Exception {
		// a broker fault fails the run; it must not end the JVM before the server stops
		Exit.setExitProcedure((code, message) -> System.err.println("Kafka broker exit(" + code + "): " + message));
		Exit.setHaltProcedure((code, message) -> System.err.println("Kafka broker halt(" + code + "): " + message));
		Path directory = Files.createTempDirectory("zero-benchmark-kafka");
		KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
			.setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.setBaseDirectory(directory)
			.build()).setDeleteOnClose(true);
		Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
				"transaction.state.log.num.partitions", "1", "offsets.topic.replication.factor", "1",
				"offsets.topic.num.partitions", "1", "auto.create.topics.enable", "false")
			.forEach(builder::setConfigProp);
		KafkaClusterTestKit cluster = builder.build();
		cluster.format();
		cluster.startup();
		cluster.waitForReadyBrokers();
		return new InProcessKafka(cluster);
	}

	String bootstrapServers() {
		return this.cluster.bootstrapServers();
	}

	@Override
	public void close() throws Exception {
		this.cluster.close();
	}

}
