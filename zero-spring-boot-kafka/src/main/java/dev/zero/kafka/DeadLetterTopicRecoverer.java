package dev.zero.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.zero.change.ListenerFailure;
import dev.zero.change.ListenerRecoverer;
import dev.zero.deadletter.DeadLetter;

/**
 * Publishes the change a listener gave up on, with the listener and the error, to a Kafka
 * topic as JSON (the dead-letter table's content), keyed by the change's table, and waits for
 * the broker's acknowledgement: when the record cannot be sent, it throws and the change is
 * not skipped. It sends through a copy of the application's {@link ProducerFactory} (its
 * configuration, listeners and post-processors) with byte-array serializers, in a transaction
 * of its own when that factory is transactional; the topic is created through the
 * application's {@link KafkaAdmin} when there is one.
 */
public final class DeadLetterTopicRecoverer implements ListenerRecoverer {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterTopicRecoverer.class);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	private final String topic;

	private final ProducerFactory<?, ?> producerFactory;

	private final @Nullable KafkaAdmin admin;

	private @Nullable KafkaTemplate<byte[], byte[]> template;

	/**
	 * @param topic the topic
	 * @param producerFactory the application's producer factory
	 * @param admin the application's admin, to create the topic, or {@code null}
	 */
	public DeadLetterTopicRecoverer(String topic, ProducerFactory<?, ?> producerFactory, @Nullable KafkaAdmin admin) {
		this.topic = topic;
		this.producerFactory = producerFactory;
		this.admin = admin;
	}

	/** The topic it publishes to. */
	public String topic() {
		return this.topic;
	}

	@Override
	public void recover(ListenerFailure failure) throws Exception {
		KafkaTemplate<byte[], byte[]> template = template();
		DeadLetter letter = DeadLetter.of(failure);
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.topic,
				letter.table().toString().getBytes(StandardCharsets.UTF_8),
				letter.toJson().toString().getBytes(StandardCharsets.UTF_8));
		if (template.isTransactional()) {
			template.executeInTransaction((operations) -> operations.send(record))
				.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			template.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		logger.error("zero: published to dead-letter topic {}: the {} after {} attempts", this.topic,
				failure.describe(), failure.attempt());
	}

	/** Called on the delivering thread only. */
	private KafkaTemplate<byte[], byte[]> template() {
		KafkaTemplate<byte[], byte[]> template = this.template;
		if (template != null) {
			return template;
		}
		if (this.admin != null) {
			this.admin.createOrModifyTopics(new NewTopic(this.topic, java.util.Optional.empty(),
					java.util.Optional.empty()));
		}
		template = new KafkaTemplate<>(
				ProducerFactoryCopies.bytes(this.producerFactory, Map.of(), "the dead-letter topic " + this.topic));
		this.template = template;
		return template;
	}

}
