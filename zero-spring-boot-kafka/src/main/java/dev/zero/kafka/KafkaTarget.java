package dev.zero.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ConsumerPostProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.TransactionIdSuffixStrategy;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Lsn;
import dev.zero.change.UpstreamTimeline;
import dev.zero.change.Reset;
import dev.zero.change.SchemaChange;
import dev.zero.change.SyncComplete;
import dev.zero.debezium.ChangeRecord;
import dev.zero.debezium.EnvelopeEncoder;
import dev.zero.debezium.EnvelopeSettings;
import dev.zero.kafka.SourcePositions;
import dev.zero.debezium.TableCatalog;
import dev.zero.debezium.TopicNames;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.change.TransactionalTarget;
import dev.zero.shard.ShardId;

/**
 * Publishes every change to Kafka in Debezium's envelope, exactly once: each of the worker's
 * transactions is one Kafka transaction that also writes the source position to the offsets
 * topic, so the changes and the position they reach become visible to {@code read_committed}
 * consumers together or not at all. {@link #open()} starts a producer with the shard's
 * transactional id, which fences any earlier producer with that id (another instance that
 * led the shard before, or this one's previous session) and aborts its open transaction, then
 * reads the last committed position back.
 * <p>
 * The producer comes from a copy of the application's {@link ProducerFactory} made for each
 * session ({@link ProducerFactory#copyWithConfigurationOverride}), so its configuration,
 * listeners (Micrometer's producer metrics among them) and post-processors apply; the copy
 * has a transactional id with no suffix: Spring's factories number the producers of a
 * prefix, which would give a restarted instance another id than the one to fence. Positions
 * are read back with a consumer made from the application's {@link ConsumerFactory}
 * configuration, listeners and post-processors. Changes are encoded and sent on a
 * thread of the session, in order, while the worker's thread decodes the next ones; a commit
 * or rollback first waits for what was handed over.
 */
public class KafkaTarget implements TransactionalTarget {

	private static final Logger logger = LoggerFactory.getLogger(KafkaTarget.class);

	private static final Duration POSITION_READ_TIMEOUT = Duration.ofSeconds(60);

	/** The transactional id is the prefix alone, on every instance and in every session. */
	private static final TransactionIdSuffixStrategy NO_SUFFIX = new TransactionIdSuffixStrategy() {

		@Override
		public String acquireSuffix(String txIdPrefix) {
			return "";
		}

		@Override
		public void releaseSuffix(String txIdPrefix, String suffix) {
		}

	};

	private final ShardId shard;

	private final String transactionalId;

	private final ProducerFactory<?, ?> producerFactory;

	private final DefaultKafkaConsumerFactory<byte[], byte[]> positionConsumers;

	private final @Nullable KafkaAdmin admin;

	private final TopicSettings topics;

	private final EnvelopeEncoder encoder;

	private final TableCatalog catalog;

	private final ZeroThreads threads;

	private final Publisher publisher = new Publisher();

	private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

	private final AtomicReference<@Nullable Exception> sendFailure = new AtomicReference<>();

	private @Nullable DefaultKafkaProducerFactory<byte[], byte[]> factory;

	private @Nullable Producer<byte[], byte[]> producer;

	private @Nullable Pipeline pipeline;

	private boolean inTransaction;

	/**
	 * @param shard the shard whose changes are published
	 * @param transactionalId the producer's transactional id
	 * @param producerFactory the application's producer factory, whose copy makes the
	 * transactional producer
	 * @param consumerFactory the application's consumer factory, whose configuration,
	 * listeners and post-processors read positions back
	 * @param admin creates the topics (when {@code topics} says so) and gives the
	 * configuration of the admin client that finds the offsets topic's end; {@code null} to
	 * reach the producer's bootstrap servers with no other settings
	 * @param topics the partitions and replication factor of the topics it creates
	 * @param settings what the envelopes look like
	 * @param catalog the upstream's catalog, for the column types rows do not carry
	 */
	public KafkaTarget(ShardId shard, String transactionalId, ProducerFactory<?, ?> producerFactory,
			ConsumerFactory<?, ?> consumerFactory, @Nullable KafkaAdmin admin, TopicSettings topics,
			EnvelopeSettings settings, TableCatalog catalog) {
		this(shard, transactionalId, producerFactory, consumerFactory, admin, topics, settings, catalog,
				ZeroThreads.defaults());
	}

	/**
	 * As {@link #KafkaTarget(ShardId, String, ProducerFactory, ConsumerFactory, KafkaAdmin,
	 * TopicSettings, EnvelopeSettings, TableCatalog)}, with the pipeline's thread from
	 * {@code threads}.
	 * @param threads where the thread that encodes and sends comes from
	 */
	public KafkaTarget(ShardId shard, String transactionalId, ProducerFactory<?, ?> producerFactory,
			ConsumerFactory<?, ?> consumerFactory, @Nullable KafkaAdmin admin, TopicSettings topics,
			EnvelopeSettings settings, TableCatalog catalog, ZeroThreads threads) {
		this.shard = shard;
		this.threads = threads;
		this.transactionalId = transactionalId;
		this.producerFactory = producerFactory;
		this.positionConsumers = positionConsumers(consumerFactory);
		this.admin = admin;
		this.topics = topics;
		this.catalog = catalog;
		this.encoder = new EnvelopeEncoder(settings, catalog::describe, Clock.systemUTC());
	}

	/**
	 * A target on plain configuration, with no listeners or post-processors: for tools and
	 * tests that have no application context.
	 * @param shard the shard whose changes are published
	 * @param transactionalId the producer's transactional id
	 * @param producerConfig the producer configuration to start from
	 * @param consumerConfig the consumer configuration to start from, to read positions back
	 * @param admin creates the topics, or {@code null} when they are not to be created
	 * @param topics the partitions and replication factor of the topics it creates
	 * @param settings what the envelopes look like
	 * @param catalog the upstream's catalog, for the column types rows do not carry
	 */
	public KafkaTarget(ShardId shard, String transactionalId, Map<String, Object> producerConfig,
			Map<String, Object> consumerConfig, @Nullable KafkaAdmin admin, TopicSettings topics,
			EnvelopeSettings settings, TableCatalog catalog) {
		this(shard, transactionalId, new DefaultKafkaProducerFactory<>(producerConfig),
				new DefaultKafkaConsumerFactory<>(consumerConfig), admin, topics, settings, catalog);
	}

	/**
	 * Consumers that read the offsets topic back: the application's consumer configuration
	 * with no group (they are assigned the partitions and commit nothing), {@code read_committed}
	 * and byte arrays, with its listeners and post-processors. Deserializers the application
	 * set on its factory are not used: the records are bytes.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static DefaultKafkaConsumerFactory<byte[], byte[]> positionConsumers(ConsumerFactory<?, ?> application) {
		Map<String, Object> config = new HashMap<>(application.getConfigurationProperties());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		DefaultKafkaConsumerFactory<byte[], byte[]> consumers = new DefaultKafkaConsumerFactory<>(config,
				ByteArrayDeserializer::new, ByteArrayDeserializer::new);
		for (ConsumerPostProcessor postProcessor : application.getPostProcessors()) {
			consumers.addPostProcessor(postProcessor);
		}
		for (ConsumerFactory.Listener listener : application.getListeners()) {
			consumers.addListener(listener);
		}
		return consumers;
	}

	/**
	 * This session's producer factory: a copy of the application's with the overrides
	 * exactly-once needs, its listeners and post-processors, and a transactional id with no
	 * suffix, so that the producer fences every earlier one of the shard.
	 */
	private DefaultKafkaProducerFactory<byte[], byte[]> transactionalFactory() {
		Map<String, Object> overrides = new HashMap<>();
		overrides.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		overrides.put(ProducerConfig.ACKS_CONFIG, "all");
		overrides.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, this.transactionalId);
		DefaultKafkaProducerFactory<byte[], byte[]> factory = ProducerFactoryCopies.bytes(this.producerFactory,
				overrides, "shard " + this.shard + "'s transactional id");
		factory.setTransactionIdPrefix(this.transactionalId);
		factory.setTransactionIdSuffixStrategy(NO_SUFFIX);
		factory.setBeanName("zeroKafkaTarget");
		return factory;
	}

	@Override
	public String name() {
		return "kafka";
	}

	@Override
	public List<ChangeListener> listeners() {
		return List.of(this.publisher);
	}

	/** Where the position read back by {@link #open} was reached, if the record says. */
	private volatile @Nullable UpstreamTimeline committedOn;

	/** Where this session streams from: recorded with every position committed. */
	private volatile @Nullable UpstreamTimeline timeline;

	/** The topic the source positions are committed to. */
	public String offsetsTopic() {
		return TopicNames.offsets(this.encoder.settings().topicPrefix());
	}

	@Override
	public Lsn open() throws Exception {
		close();
		createTopic(offsetsTopic(), true);
		DefaultKafkaProducerFactory<byte[], byte[]> factory = transactionalFactory();
		this.factory = factory;
		// initTransactions: fences every earlier producer with this id and ends its open transaction
		this.producer = factory.createProducer();
		this.pipeline = new Pipeline("zero-kafka-" + this.transactionalId, this.threads);
		Lsn position = readPosition();
		logger.info("Publishing shard {} to Kafka as transactional id {}; the last committed position is {}",
				this.shard, this.transactionalId, position.isValid() ? position : "none (a full sync follows)");
		return position;
	}

	/**
	 * Where the position {@link #open} read back was reached: the offsets topic lives outside
	 * the upstream, so a promotion that lost WAL does not take it back.
	 */
	@Override
	public @Nullable UpstreamTimeline committedOn() {
		return this.committedOn;
	}

	@Override
	public void streamingFrom(UpstreamTimeline timeline) {
		this.timeline = timeline;
	}

	@Override
	public void begin() {
		this.sendFailure.set(null);
		producer().beginTransaction();
		this.inTransaction = true;
	}

	@Override
	public void commit(Lsn position) throws Exception {
		pipeline().drain();
		Producer<byte[], byte[]> producer = producer();
		producer.send(new ProducerRecord<>(offsetsTopic(), SourcePositions.key(this.shard),
				SourcePositions.value(position, this.timeline)), this::sent);
		producer.commitTransaction();
		this.inTransaction = false;
		Exception failure = this.sendFailure.get();
		if (failure != null) {
			// commitTransaction fails when a send failed; this is for the callback that came last
			throw failure;
		}
	}

	@Override
	public void rollback() {
		Producer<byte[], byte[]> producer = this.producer;
		if (producer != null && this.inTransaction) {
			this.inTransaction = false;
			try {
				pipeline().drain();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.debug("Publishing to Kafka failed in the transaction rolled back", ex);
			}
			try {
				producer.abortTransaction();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not abort the Kafka transaction of shard {}", this.shard, ex);
			}
		}
	}

	@Override
	public void close() {
		this.inTransaction = false;
		Producer<byte[], byte[]> producer = this.producer;
		DefaultKafkaProducerFactory<byte[], byte[]> factory = this.factory;
		this.producer = null;
		this.factory = null;
		Pipeline pipeline = this.pipeline;
		this.pipeline = null;
		if (pipeline != null) {
			pipeline.shutdown();
		}
		if (producer != null) {
			try {
				producer.close(Duration.ZERO);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close the Kafka producer of shard {}", this.shard, ex);
			}
		}
		if (factory != null) {
			factory.destroy();
		}
		this.catalog.close();
	}

	private Producer<byte[], byte[]> producer() {
		Producer<byte[], byte[]> producer = this.producer;
		if (producer == null) {
			throw new IllegalStateException("The Kafka target of shard " + this.shard + " is not open");
		}
		return producer;
	}

	private void sent(@Nullable Object metadata, @Nullable Exception ex) {
		if (ex != null) {
			this.sendFailure.compareAndSet(null, ex);
		}
	}

	/**
	 * The last position the shard committed: read with {@code read_committed} up to the end of
	 * the offsets topic as it is now (its high watermark, not its last stable offset, which a
	 * transaction of another shard may hold back below this shard's last commit).
	 */
	private Lsn readPosition() {
		Lsn position = Lsn.INVALID;
		this.committedOn = null;
		try (Admin admin = Admin.create(adminConfig());
				Consumer<byte[], byte[]> consumer = this.positionConsumers.createConsumer()) {
			TopicDescription description = admin.describeTopics(List.of(offsetsTopic()))
				.allTopicNames()
				.get()
				.get(offsetsTopic());
			List<TopicPartition> partitions = description.partitions()
				.stream()
				.map((partition) -> new TopicPartition(offsetsTopic(), partition.partition()))
				.toList();
			Map<TopicPartition, Long> ends = admin
				.listOffsets(partitions.stream().collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest())),
						new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
				.all()
				.get()
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + POSITION_READ_TIMEOUT.toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read the offsets topic " + offsetsTopic() + " to its end "
							+ ends + " within " + POSITION_READ_TIMEOUT.toSeconds() + "s");
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (SourcePositions.isKeyOf(this.shard, record.key())) {
						Lsn read = SourcePositions.position(record.value());
						if (read != null) {
							position = read;
							this.committedOn = SourcePositions.timeline(record.value());
						}
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the offsets topic", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("Could not read the offsets topic " + offsetsTopic() + ": "
					+ ex.getCause().getMessage(), ex.getCause());
		}
		return position;
	}

	private Map<String, Object> adminConfig() {
		Map<String, Object> config = new HashMap<>();
		if (this.admin != null) {
			config.putAll(this.admin.getConfigurationProperties());
		}
		else {
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					this.producerFactory.getConfigurationProperties().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
		}
		return config;
	}

	private void createTopic(String topic, boolean compacted) {
		if (this.knownTopics.contains(topic)) {
			return;
		}
		if (this.admin != null && this.topics.create()) {
			TopicBuilder builder = TopicBuilder.name(topic);
			if (compacted) {
				builder.partitions(1).compact();
			}
			else if (this.topics.partitions() != null) {
				builder.partitions(this.topics.partitions());
			}
			if (this.topics.replicationFactor() != null) {
				builder.replicas(this.topics.replicationFactor());
			}
			this.admin.createOrModifyTopics(builder.build());
		}
		this.knownTopics.add(topic);
	}

	/**
	 * The partitions and replication factor of the topics the target creates.
	 *
	 * @param create whether to create them
	 * @param partitions the partitions of a table's topic, or {@code null} for the broker's
	 * default
	 * @param replicationFactor the replication factor, or {@code null} for the broker's
	 * default
	 */
	public record TopicSettings(boolean create, @Nullable Integer partitions, @Nullable Short replicationFactor) {

	}

	/**
	 * Hands each change to the pipeline, which encodes and sends its records in the open
	 * transaction while the worker's thread decodes the next change.
	 */
	private final class Publisher implements ChangeListener {

		private @Nullable Lsn lastCommit;

		/** Whether an initial sync is copying: its rows are a snapshot, others re-read tables. */
		private boolean syncing;

		@Override
		public void onChange(Change change) {
			Lsn lastCommit = this.lastCommit;
			boolean incremental = !this.syncing;
			pipeline().execute(() -> publish(change, lastCommit, incremental));
		}

		@Override
		public void onSyncComplete(SyncComplete complete) {
			this.syncing = false;
		}

		@Override
		public void onCommit(Commit commit) {
			this.lastCommit = commit.endLsn();
		}

		@Override
		public void onReset(Reset reset) {
			this.syncing = true;
			pipeline().execute(KafkaTarget.this.catalog::forget);
		}

		@Override
		public void onSchemaChange(SchemaChange change) {
			pipeline().execute(KafkaTarget.this.catalog::forget);
		}

	}

	/** Encodes a change and sends its records; on the pipeline's thread. */
	private void publish(Change change, @Nullable Lsn lastCommit, boolean incremental) {
		Producer<byte[], byte[]> producer = producer();
		for (ChangeRecord record : this.encoder.encode(change, lastCommit, incremental)) {
			if (!this.knownTopics.contains(record.topic())) {
				createTopic(record.topic(), false);
				// until the producer knows the new topic's leaders, its first batches may be refused
				// out of order, which fails the transaction
				producer.partitionsFor(record.topic());
			}
			ProducerRecord<byte[], byte[]> producerRecord = new ProducerRecord<>(record.topic(), null, record.key(),
					record.value());
			record.headers().forEach((name, value) -> producerRecord.headers().add(new RecordHeader(name, value)));
			producer.send(producerRecord, this::sent);
		}
	}

	private Pipeline pipeline() {
		Pipeline pipeline = this.pipeline;
		if (pipeline == null) {
			throw new IllegalStateException("The Kafka target of shard " + this.shard + " is not open");
		}
		return pipeline;
	}

	/**
	 * One thread that runs the session's encoding and sending in order, behind a bounded queue
	 * (the worker waits when it is full, so a large transaction streams through); the first
	 * failure is kept for {@link #drain()} and the work after it is skipped.
	 */
	private static final class Pipeline {

		private static final int QUEUE = 4096;

		private final ThreadPoolExecutor executor;

		private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

		Pipeline(String name, ZeroThreads threads) {
			this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
					(runnable) -> threads.newThread(name, runnable), (runnable, executor) -> {
						try {
							executor.getQueue().put(runnable);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							throw new RejectedExecutionException("interrupted while the Kafka pipeline was full", ex);
						}
					});
		}

		void execute(Runnable work) {
			this.executor.execute(() -> {
				if (this.failure.get() == null) {
					try {
						work.run();
					}
					catch (RuntimeException ex) {
						this.failure.compareAndSet(null, ex);
					}
				}
			});
		}

		/** Waits until everything handed over so far ran; throws the first failure, and forgets it. */
		void drain() throws InterruptedException {
			CountDownLatch done = new CountDownLatch(1);
			this.executor.execute(done::countDown);
			done.await();
			RuntimeException failed = this.failure.getAndSet(null);
			if (failed != null) {
				throw failed;
			}
		}

		void shutdown() {
			this.executor.shutdownNow();
		}

	}

}
