package dev.zero.kafka;

import dev.zero.kafka.autoconfigure.ZeroDeadLetterTopicAutoConfiguration;
import dev.zero.kafka.autoconfigure.ZeroKafkaAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.zero.autoconfigure.ZeroAutoConfiguration;
import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.replication.ReplicationState;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.kafka.SourcePositions;
import dev.zero.debezium.TopicNames;
import dev.zero.change.TransactionalTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishing to Kafka as an application has it: spring-kafka on the classpath,
 * {@code zero.kafka.enabled=true} and Spring Boot's {@code spring.kafka.*}.
 */
class ZeroKafkaAutoConfigurationTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ZeroAutoConfiguration.class,
				KafkaAutoConfiguration.class, ZeroKafkaAutoConfiguration.class,
				ZeroDeadLetterTopicAutoConfiguration.class));

	@Test
	void isOffUnlessEnabled() {
		TestDatabase database = postgres.database();
		on(database).run((context) -> assertThat(context).doesNotHaveBean(TransactionalTarget.class));
	}

	@Test
	void isOffWithoutSpringKafka() {
		TestDatabase database = postgres.database();
		on(database).withPropertyValues("zero.kafka.enabled=true")
			.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TransactionalTarget.class));
	}

	@Test
	void rejectsAnOperationDebeziumCannotSkip() {
		TestDatabase database = postgres.database();
		on(database).withPropertyValues("zero.kafka.enabled=true", "zero.kafka.skipped-operations=r")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'r' is not an operation that can be skipped"));
	}

	@Test
	void publishesTheSnapshotThenEveryChangeOfThePublishedTables() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA shop", "CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(10,2))",
				"INSERT INTO shop.orders VALUES (1, 9.99)");
		on(database)
			.withPropertyValues("zero.app-id=shop", "zero.publication.schemas=shop", "zero.kafka.enabled=true",
					"spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(), "spring.kafka.producer.linger-ms=5")
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaTarget.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> records("shop.shop.orders").size() == 1);
				database.execute("UPDATE shop.orders SET total = 12.50 WHERE id = 1", "DELETE FROM shop.orders");
				await().atMost(Duration.ofSeconds(30)).until(() -> records("shop.shop.orders").size() == 4);
				List<ConsumerRecord<byte[], byte[]>> records = records("shop.shop.orders");
				assertThat(records).extracting((record) -> text(record.key())).containsOnly("{\"id\":1}");
				assertThat(records).extracting((record) -> (record.value() != null)
						? JSON.readTree(record.value()).path("op").asString() : "tombstone")
					.containsExactly("r", "u", "d", "tombstone");
				JsonNode update = JSON.readTree(records.get(1).value());
				assertThat(update.path("after").path("total").asString()).as("12.50 as Debezium's precise decimal")
					.isEqualTo("BOI=");
				assertThat(update.path("source").path("name").asString()).isEqualTo("shop");
				assertThat(update.path("source").path("db").asString()).isEqualTo(database.name());
				List<ConsumerRecord<byte[], byte[]>> positions = records(TopicNames.offsets("shop"));
				assertThat(positions).isNotEmpty();
				assertThat(SourcePositions.position(positions.get(positions.size() - 1).value()))
					.isGreaterThan(Lsn.INVALID);
			});
	}

	@Test
	void publishesWithTheApplicationsProducerCustomizersListenersMetricsAndThreads() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA tools", "CREATE TABLE tools.hammers (id bigint PRIMARY KEY)",
				"INSERT INTO tools.hammers VALUES (1)");
		on(database).withConfiguration(AutoConfigurations.of(KafkaMetricsAutoConfiguration.class))
			.withUserConfiguration(KafkaCustomizations.class)
			.withPropertyValues("zero.app-id=toolshop", "zero.publication.schemas=tools", "zero.kafka.enabled=true",
					"spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers())
			.run((context) -> {
				await().atMost(Duration.ofSeconds(60)).until(() -> records("toolshop.tools.hammers").size() == 1);
				KafkaCustomizations customizations = context.getBean(KafkaCustomizations.class);
				assertThat(customizations.postProcessed).as("producers the customizer's post-processor saw")
					.hasSize(1);
				assertThat(customizations.producersAdded).as("producers the customizer's listener was told of")
					.singleElement()
					.asString()
					.contains("producer-toolshop-spring-0");
				assertThat(customizations.consumersAdded).as("consumers that read the offsets topic back")
					.isNotEmpty();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.getMeters()).as("Micrometer's producer metrics of the starter's producer")
					.filteredOn((meter) -> meter.getId().getName().startsWith("kafka.producer."))
					.filteredOn((meter) -> "producer-toolshop-spring-0".equals(meter.getId().getTag("client.id")))
					.extracting((meter) -> meter.getId().getName())
					.contains("kafka.producer.record.send.total");
				assertThat(customizations.threads).as("threads the application's zeroThreadFactory made")
					.extracting(Thread::getName)
					.contains("zero-toolshop-0", "zero-kafka-toolshop-spring-0")
					.anyMatch((name) -> name.startsWith("zero-replication-"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class KafkaCustomizations {

		final List<Object> postProcessed = new CopyOnWriteArrayList<>();

		final List<String> producersAdded = new CopyOnWriteArrayList<>();

		final List<String> consumersAdded = new CopyOnWriteArrayList<>();

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		@Bean
		ThreadFactory zeroThreadFactory() {
			return (task) -> {
				Thread thread = new Thread(task);
				this.threads.add(thread);
				return thread;
			};
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		DefaultKafkaProducerFactoryCustomizer recordingProducerCustomizer() {
			return this::recordProducers;
		}

		@Bean
		DefaultKafkaConsumerFactoryCustomizer recordingConsumerCustomizer() {
			return this::recordConsumers;
		}

		private <K, V> void recordProducers(DefaultKafkaProducerFactory<K, V> factory) {
			factory.addPostProcessor((producer) -> {
				this.postProcessed.add(producer);
				return producer;
			});
			factory.addListener(new ProducerFactory.Listener<K, V>() {

				@Override
				public void producerAdded(String id, Producer<K, V> producer) {
					KafkaCustomizations.this.producersAdded.add(id);
				}

			});
		}

		private <K, V> void recordConsumers(DefaultKafkaConsumerFactory<K, V> factory) {
			factory.addListener(new ConsumerFactory.Listener<K, V>() {

				@Override
				public void consumerAdded(String id, Consumer<K, V> consumer) {
					KafkaCustomizations.this.consumersAdded.add(id);
				}

			});
		}

	}

	@Test
	void theDeadLetterTopicRecovererPublishesTheChangeTheListenerAndTheErrorAsJson() {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA dlt", "CREATE TABLE dlt.t (id bigint PRIMARY KEY, note text)");
		on(database)
			.withPropertyValues("zero.app-id=dlt", "zero.publication.schemas=dlt",
					"zero.listener.error.recoverer=dead-letter-topic", "zero.listener.error.max-attempts=1",
					"zero.listener.error.dead-letter-topic=dlt.dead-letters",
					"spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers())
			.withBean("failingListener", ChangeListener.class, () -> (change) -> {
				if (change instanceof Insert insert && !insert.snapshot()) {
					throw new IllegalStateException("cannot take " + insert.row().getLong("id"));
				}
			})
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TransactionalTarget.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> context.getBean(ShardSupervisor.class).status().replication().state()
							== ReplicationState.STREAMING);
				database.execute("INSERT INTO dlt.t VALUES (7, 'lost')");
				await().atMost(Duration.ofSeconds(30)).until(() -> records("dlt.dead-letters").size() == 1);
				ConsumerRecord<byte[], byte[]> record = records("dlt.dead-letters").get(0);
				assertThat(text(record.key())).isEqualTo("dlt.t");
				JsonNode letter = JSON.readTree(record.value());
				assertThat(letter.path("table").asString()).isEqualTo("dlt.t");
				assertThat(letter.path("op").asString()).isEqualTo("insert");
				assertThat(letter.path("error").asString()).isEqualTo("java.lang.IllegalStateException: cannot take 7");
				assertThat(letter.path("stackTrace").asString()).startsWith("java.lang.IllegalStateException");
				assertThat(letter.path("attempts").asInt()).isEqualTo(1);
				assertThat(letter.path("row").get(1).path("name").asString()).isEqualTo("note");
				assertThat(letter.path("row").get(1).path("value").asString()).isEqualTo("lost");
				assertThat(letter.path("lsn").asString()).isNotBlank();
			});
	}

	private ApplicationContextRunner on(TestDatabase database) {
		return this.runner.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(), "spring.datasource.password=" + database.password(),
				"zero.validation.interval=200ms", "zero.replication.status-interval=1s");
	}

	private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
		return KafkaBroker.readCommitted(topic);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
