package dev.zero.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.test.ForkedJvm;

/**
 * Publishing applications in JVMs of their own ({@link KafkaPublisherMain}), and what a
 * {@code read_committed} consumer sees of the {@code event(seq)} table they publish.
 */
final class PublisherProcesses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PublisherProcesses() {
	}

	/** Provisions shard {@code app}/0 to replicate the publication {@code app_pub}. */
	static void provision(TestDatabase database, String app) throws SQLException {
		try (Connection connection = database.connect()) {
			new PublicationProvisioner(new PublicationSettings(new ShardId(app, 0), List.of(app + "_pub"),
					List.of("public"), ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
	}

	/** Starts a publisher of shard {@code app}/0 ({@code app_pub}), its output appended to {@code log}. */
	static ForkedJvm start(Path log, TestDatabase database, String app, String instance) throws IOException {
		return ForkedJvm.start(KafkaPublisherMain.class, 128, log, database.jdbcUrl(), database.username(),
				database.password(), app, app + "_pub", KafkaBroker.bootstrapServers(), "50", instance);
	}

	/** The {@code seq} of every event record a {@code read_committed} consumer sees, snapshot or insert. */
	static List<Long> events(String app) {
		List<Long> seqs = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : KafkaBroker.readCommitted(app + ".public.event")) {
			if (record.value() != null) {
				seqs.add(JSON.readTree(record.value()).path("after").path("seq").asLong());
			}
		}
		return seqs;
	}

}
