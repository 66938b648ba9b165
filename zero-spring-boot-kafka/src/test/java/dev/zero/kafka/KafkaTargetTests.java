package dev.zero.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

import dev.zero.change.ChangeListener;
import dev.zero.change.Column;
import dev.zero.change.Commit;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.debezium.EnvelopeSettings;
import dev.zero.kafka.SourcePositions;
import dev.zero.debezium.TableCatalog;
import dev.zero.debezium.TopicNames;
import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;
import dev.zero.shard.ShardId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The Kafka target against a real broker, driven as the replication worker drives it: each
 * of its transactions is one Kafka transaction with the position it reaches, visible to
 * {@code read_committed} consumers entirely or not at all, and a target that opens with the
 * same transactional id fences the one before.
 */
class KafkaTargetTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final AtomicInteger apps = new AtomicInteger();

	private static final TableName TODO = new TableName("public", "todo");

	private final String prefix = "kt" + apps.incrementAndGet();

	private final List<KafkaTarget> targets = new java.util.ArrayList<>();

	@AfterEach
	void close() {
		this.targets.forEach(KafkaTarget::close);
	}

	@Test
	void commitsChangesAndTheirPositionTogetherAndReadsThePositionBackOnOpen() throws Exception {
		TestDatabase database = todoDatabase();
		KafkaTarget target = target(database, this.prefix, 0);
		assertThat(target.open()).isEqualTo(Lsn.INVALID);
		target.begin();
		deliver(target, 100, insert(1, "one", 100), insert(2, "two", 100));
		target.commit(Lsn.of(150));
		target.begin();
		deliver(target, 200, delete(1, 200));
		target.commit(Lsn.of(250));
		List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.readCommitted(this.prefix + ".public.todo");
		assertThat(records).extracting((record) -> text(record.key()))
			.containsExactly("{\"id\":1}", "{\"id\":2}", "{\"id\":1}", "{\"id\":1}");
		assertThat(records).extracting((record) -> op(record.value())).containsExactly("c", "c", "d", null);
		target.close();
		assertThat(target.open()).isEqualTo(Lsn.of(250));
	}

	@Test
	void aRolledBackTransactionIsNeverSeen() throws Exception {
		TestDatabase database = todoDatabase();
		KafkaTarget target = target(database, this.prefix, 0);
		target.open();
		target.begin();
		deliver(target, 100, insert(1, "one", 100));
		target.commit(Lsn.of(150));
		target.begin();
		deliver(target, 200, insert(2, "two", 200));
		target.rollback();
		target.begin();
		deliver(target, 300, insert(3, "three", 300));
		target.commit(Lsn.of(350));
		assertThat(KafkaBroker.readCommitted(this.prefix + ".public.todo")).extracting((record) -> text(record.key()))
			.containsExactly("{\"id\":1}", "{\"id\":3}");
	}

	@Test
	void aTargetOpeningWithTheSameTransactionalIdFencesTheEarlierOneAndAbortsItsOpenTransaction() throws Exception {
		TestDatabase database = todoDatabase();
		KafkaTarget old = target(database, this.prefix, 0);
		old.open();
		old.begin();
		deliver(old, 100, insert(1, "one", 100));
		old.commit(Lsn.of(150));
		old.begin();
		deliver(old, 200, insert(2, "two", 200));
		KafkaTarget successor = target(database, this.prefix, 0);
		assertThat(successor.open()).isEqualTo(Lsn.of(150));
		assertThatException().isThrownBy(() -> old.commit(Lsn.of(250)));
		successor.begin();
		deliver(successor, 200, insert(2, "two", 200));
		successor.commit(Lsn.of(250));
		assertThat(KafkaBroker.readCommitted(this.prefix + ".public.todo")).extracting((record) -> text(record.key()))
			.containsExactly("{\"id\":1}", "{\"id\":2}");
	}

	@Test
	void readsItsPositionPastAnOpenTransactionOfAnotherWriterOfTheOffsetsTopic() throws Exception {
		TestDatabase database = todoDatabase();
		KafkaTarget target = target(database, this.prefix, 0);
		target.open();
		Map<String, Object> config = new HashMap<>(KafkaBroker.producerConfig());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, this.prefix + "-other-shard");
		try (KafkaProducer<byte[], byte[]> other = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			other.initTransactions();
			other.beginTransaction();
			other.send(new ProducerRecord<>(TopicNames.offsets(this.prefix),
					SourcePositions.key(new ShardId(this.prefix, 1)), SourcePositions.value(Lsn.of(1)))).get();
			target.begin();
			deliver(target, 100, insert(1, "one", 100));
			target.commit(Lsn.of(150));
			Thread finisher = new Thread(() -> {
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				other.commitTransaction();
			});
			finisher.start();
			target.close();
			// the other shard's open transaction holds the last stable offset below ours until it commits
			assertThat(target.open()).isEqualTo(Lsn.of(150));
			finisher.join();
		}
	}

	@Test
	void keepsItsTransactionalIdAndBytesOnAnApplicationFactoryWithItsOwnPrefixSerializersAndGroup() throws Exception {
		TestDatabase database = todoDatabase();
		DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(
				KafkaBroker.producerConfig(), new StringSerializer(), new StringSerializer());
		producers.setTransactionIdPrefix("app-tx-");
		Map<String, Object> consumerConfig = new HashMap<>(KafkaBroker.consumerConfig());
		consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "app-group");
		DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(consumerConfig,
				new StringDeserializer(), new StringDeserializer());
		KafkaTarget old = register(new KafkaTarget(new ShardId(this.prefix, 0), this.prefix + "-spring-0", producers,
				consumers, admin(), new KafkaTarget.TopicSettings(true, 1, null),
				EnvelopeSettings.defaults(this.prefix, database.name()), new TableCatalog(database::connect)));
		assertThat(old.open()).isEqualTo(Lsn.INVALID);
		old.begin();
		deliver(old, 100, insert(1, "one", 100));
		old.commit(Lsn.of(150));
		old.close();
		assertThat(old.open()).isEqualTo(Lsn.of(150));
		old.begin();
		deliver(old, 200, insert(2, "two", 200));
		// a target on plain configuration with the same id fences it: the id has no prefix or suffix of the app's
		KafkaTarget successor = target(database, this.prefix, 0);
		assertThat(successor.open()).isEqualTo(Lsn.of(150));
		assertThatException().isThrownBy(() -> old.commit(Lsn.of(250)));
		assertThat(KafkaBroker.readCommitted(this.prefix + ".public.todo")).extracting((record) -> text(record.key()))
			.containsExactly("{\"id\":1}");
	}

	@Test
	void publishesOnTheConfigurationOfAnApplicationFactoryThatCannotBeCopied() throws Exception {
		TestDatabase database = todoDatabase();
		ProducerFactory<String, String> uncopyable = new ProducerFactory<>() {

			@Override
			public Producer<String, String> createProducer() {
				throw new UnsupportedOperationException("not the target's producer");
			}

			@Override
			public Map<String, Object> getConfigurationProperties() {
				return KafkaBroker.producerConfig();
			}

		};
		KafkaTarget target = register(new KafkaTarget(new ShardId(this.prefix, 0), this.prefix + "-spring-0",
				uncopyable, new DefaultKafkaConsumerFactory<>(KafkaBroker.consumerConfig()), admin(),
				new KafkaTarget.TopicSettings(true, 1, null), EnvelopeSettings.defaults(this.prefix, database.name()),
				new TableCatalog(database::connect)));
		target.open();
		target.begin();
		deliver(target, 100, insert(1, "one", 100));
		target.commit(Lsn.of(150));
		target.close();
		assertThat(target.open()).isEqualTo(Lsn.of(150));
		assertThat(KafkaBroker.readCommitted(this.prefix + ".public.todo")).extracting((record) -> text(record.key()))
			.containsExactly("{\"id\":1}");
	}

	private KafkaTarget register(KafkaTarget target) {
		this.targets.add(target);
		return target;
	}

	private static KafkaAdmin admin() {
		return new KafkaAdmin(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()));
	}

	private TestDatabase todoDatabase() {
		TestDatabase database = postgres.database();
		database.execute("CREATE TABLE IF NOT EXISTS todo (id int PRIMARY KEY, title text NOT NULL)");
		return database;
	}

	private KafkaTarget target(TestDatabase database, String app, int shard) {
		KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()));
		KafkaTarget target = new KafkaTarget(new ShardId(app, shard), app + "-spring-" + shard,
				KafkaBroker.producerConfig(), KafkaBroker.consumerConfig(), admin,
				new KafkaTarget.TopicSettings(true, 1, null), EnvelopeSettings.defaults(app, database.name()),
				new TableCatalog(database::connect));
		this.targets.add(target);
		return target;
	}

	private static void deliver(KafkaTarget target, long commitLsn, Object... changes) throws Exception {
		for (ChangeListener listener : target.listeners()) {
			for (Object change : changes) {
				listener.onChange((dev.zero.change.Change) change);
			}
			listener.onCommit(new Commit(1, Lsn.of(commitLsn), Lsn.of(commitLsn + 8), Instant.now()));
		}
	}

	private static final RowLayout LAYOUT = RowLayout.of(TODO,
			List.of(new Column("id", 23, "int4", true), new Column("title", 25, "text", false)));

	static Insert insert(int id, String title, long lsn) {
		return new Insert(TODO, LAYOUT.row(TextValues.of(Integer.toString(id), title)), false, 1, Lsn.of(lsn),
				Instant.now());
	}

	static Delete delete(int id, long lsn) {
		return new Delete(TODO, LAYOUT.keyColumns().row(TextValues.of(Integer.toString(id), null)), 1, Lsn.of(lsn),
				Instant.now());
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static String op(byte[] value) {
		if (value == null) {
			return null;
		}
		String text = text(value);
		int at = text.indexOf("\"op\":\"");
		return text.substring(at + 6, at + 7);
	}

}
