package dev.zero.kafka;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.change.ResetReason;
import dev.zero.debezium.EnvelopeSettings;
import dev.zero.kafka.SourcePositions;
import dev.zero.debezium.TableCatalog;
import dev.zero.debezium.TopicNames;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.replication.DeliverySettings;
import dev.zero.replication.FailoverPair;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka's position lives outside the upstream, so a promotion cannot take it back: a standby
 * that synchronizes the slot takes over with each committed row published once; a standby that
 * was behind makes the shard start over (reason {@code timeline-diverged}), and every row the
 * new primary holds is published again after the promotion, as snapshot events.
 */
class KafkaFailoverTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	@Test
	void aStandbyThatSynchronizesTheSlotTakesOverWithEachCommittedRowPublishedOnce() throws Exception {
		FailoverPair pair = pair(17);
		pair.synchronizeStandbySlot();
		ReplicationWorker worker = publisher(pair, "kfinsync");
		FailoverPair.Writer writer = writer(pair);
		await().atMost(WAIT).until(() -> records("kfinsync").size() > 300);
		pair.awaitSyncedCopy("kfinsync_spring_0");
		pair.failOver();
		int before = writer.committed();
		await().atMost(WAIT).until(() -> writer.committed() > before + 200);
		writer.close();

		Set<Long> rows = pair.idsOnTheNewPrimary();
		await().atMost(WAIT).until(() -> ids(records("kfinsync")).size() == rows.size());
		List<JsonNode> records = records("kfinsync");
		assertThat(ids(records)).isEqualTo(rows);
		assertThat(records).as("each committed row once").hasSize(rows.size());
		assertThat(worker.status().lastResetReason()).as("no reset").isEqualTo(ResetReason.INITIAL);
		assertThat(SourcePositions.timeline(lastPosition("kfinsync"))).satisfies(
				(timeline) -> assertThat(timeline.timeline()).as("positions recorded with their timeline").isEqualTo(2));
	}

	@Test
	void aLaggingStandbyTakesOverAndEveryRowItHoldsIsPublishedAgainAsASnapshot() throws Exception {
		FailoverPair pair = pair(18);
		ReplicationWorker worker = publisher(pair, "kflag");
		FailoverPair.Writer writer = writer(pair);
		await().atMost(WAIT).until(() -> records("kflag").size() > 200);
		pair.awaitSyncedCopy("kflag_spring_0");
		pair.standby().disconnectFromPrimary();
		int behind = writer.committed();
		await().atMost(WAIT).until(() -> records("kflag").size() > behind + 300);
		writer.close();
		pair.failOver();
		int publishedBefore = records("kflag").size();
		FailoverPair.Writer after = writer(pair);
		await().atMost(WAIT).until(() -> after.committed() > 200);
		after.close();

		Set<Long> rows = pair.idsOnTheNewPrimary();
		await().atMost(WAIT).until(() -> worker.status().state() == ReplicationState.STREAMING
				&& ids(records("kflag").subList(publishedBefore, records("kflag").size())).equals(rows));
		List<JsonNode> published = records("kflag").subList(publishedBefore, records("kflag").size());
		assertThat(worker.status().lastResetReason()).isEqualTo(ResetReason.TIMELINE_DIVERGED);
		assertThat(worker.status().divergence()).contains("target kafka reached", "the new primary never had");
		assertThat(published).as("the rows the new primary holds, published again as snapshot events")
			.anySatisfy((record) -> assertThat(record.path("op").asString()).isEqualTo("r"));
		assertThat(ids(published)).isEqualTo(rows);
	}

	private FailoverPair pair(int version) {
		FailoverPair pair = FailoverPair.start(version);
		this.cleanup.add(pair);
		return pair;
	}

	private FailoverPair.Writer writer(FailoverPair pair) {
		FailoverPair.Writer writer = pair.writer();
		this.cleanup.add(writer);
		return writer;
	}

	/** A worker publishing the shard {@code app}/0 to Kafka, streaming. */
	private ReplicationWorker publisher(FailoverPair pair, String app) throws Exception {
		ShardId shard = new ShardId(app, 0);
		try (Connection connection = pair.connect()) {
			new PublicationProvisioner(new PublicationSettings(shard, List.of("items"), List.of("public"),
					ReplicaIdentityPolicy.REPORT, false, DdlDetection.RELATION_DIFF))
				.provision(connection);
		}
		KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()));
		KafkaTarget target = new KafkaTarget(shard, app + "-spring-0", KafkaBroker.producerConfig(),
				KafkaBroker.consumerConfig(), admin, new KafkaTarget.TopicSettings(true, 1, null),
				EnvelopeSettings.defaults(app, "app"), new TableCatalog(pair::connect));
		Upstream upstream = Upstream.of(pair.url(), pair.username(), pair.password(), "zero/test-kafka-failover");
		ReplicationWorker worker = new ReplicationWorker(upstream, shard,
				new ReplicationSettings(app + "_spring_0", Duration.ofSeconds(1), true, Duration.ofSeconds(5)),
				List::of, () -> List.of(target), DeliverySettings.DEFAULTS, ReplicationMetrics.NONE);
		worker.start(List.of("items"));
		this.cleanup.add(worker::stop);
		await().atMost(WAIT).until(() -> worker.status().state() == ReplicationState.STREAMING);
		return worker;
	}

	/** The values of the shard's {@code item} topic a {@code read_committed} consumer sees. */
	private static List<JsonNode> records(String app) {
		List<JsonNode> values = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : KafkaBroker.readCommitted(app + ".public.item")) {
			if (record.value() != null) {
				values.add(JSON.readTree(new String(record.value(), StandardCharsets.UTF_8)));
			}
		}
		return values;
	}

	private static Set<Long> ids(List<JsonNode> records) {
		Set<Long> ids = new TreeSet<>();
		records.forEach((record) -> ids.add(record.path("after").path("id").asLong()));
		return ids;
	}

	/** The value of the shard's last record in the offsets topic. */
	private static byte[] lastPosition(String app) {
		byte[] last = null;
		for (ConsumerRecord<byte[], byte[]> record : KafkaBroker.readCommitted(TopicNames.offsets(app))) {
			if (SourcePositions.isKeyOf(new ShardId(app, 0), record.key())) {
				last = record.value();
			}
		}
		return last;
	}

}
