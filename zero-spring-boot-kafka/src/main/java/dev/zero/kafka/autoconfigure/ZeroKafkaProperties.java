package dev.zero.kafka.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.zero.debezium.BinaryHandlingMode;
import dev.zero.debezium.DecimalHandlingMode;
import dev.zero.debezium.TimePrecisionMode;

/**
 * Configuration properties for publishing changes to Kafka. The connection to Kafka is
 * Spring Boot's ({@code spring.kafka.*}).
 */
@ConfigurationProperties("zero.kafka")
public class ZeroKafkaProperties {

	/**
	 * Whether to publish every change of the published tables to Kafka.
	 */
	private boolean enabled;

	/**
	 * First part of every topic name, {prefix}.{schema}.{table}, and the envelope's source.name;
	 * the app id when not set.
	 */
	private @Nullable String topicPrefix;

	/**
	 * Transactional id of the shard's producer, the same on every instance so that a new leader
	 * fences the old one; {appId}-spring-{shardNum} when not set.
	 */
	private @Nullable String transactionalId;

	/**
	 * How numeric and money values are encoded, as Debezium's decimal.handling.mode.
	 */
	private DecimalHandlingMode decimalHandlingMode = DecimalHandlingMode.PRECISE;

	/**
	 * How bytea values are encoded, as Debezium's binary.handling.mode.
	 */
	private BinaryHandlingMode binaryHandlingMode = BinaryHandlingMode.BYTES;

	/**
	 * How dates, times and timestamps are encoded, as Debezium's time.precision.mode.
	 */
	private TimePrecisionMode timePrecisionMode = TimePrecisionMode.ADAPTIVE;

	/**
	 * Whether each delete is followed by a tombstone (a record with the key and no value), as
	 * Debezium's tombstones.on.delete.
	 */
	private boolean tombstonesOnDelete = true;

	/**
	 * Comma-separated list of operations not to publish, as Debezium's skipped.operations:
	 * c (inserts), u (updates), d (deletes), t (truncates), or none.
	 */
	private List<String> skippedOperations = new ArrayList<>(List.of("t"));

	private final Topics topics = new Topics();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getTopicPrefix() {
		return this.topicPrefix;
	}

	public void setTopicPrefix(@Nullable String topicPrefix) {
		this.topicPrefix = topicPrefix;
	}

	public @Nullable String getTransactionalId() {
		return this.transactionalId;
	}

	public void setTransactionalId(@Nullable String transactionalId) {
		this.transactionalId = transactionalId;
	}

	public DecimalHandlingMode getDecimalHandlingMode() {
		return this.decimalHandlingMode;
	}

	public void setDecimalHandlingMode(DecimalHandlingMode decimalHandlingMode) {
		this.decimalHandlingMode = decimalHandlingMode;
	}

	public BinaryHandlingMode getBinaryHandlingMode() {
		return this.binaryHandlingMode;
	}

	public void setBinaryHandlingMode(BinaryHandlingMode binaryHandlingMode) {
		this.binaryHandlingMode = binaryHandlingMode;
	}

	public TimePrecisionMode getTimePrecisionMode() {
		return this.timePrecisionMode;
	}

	public void setTimePrecisionMode(TimePrecisionMode timePrecisionMode) {
		this.timePrecisionMode = timePrecisionMode;
	}

	public boolean isTombstonesOnDelete() {
		return this.tombstonesOnDelete;
	}

	public void setTombstonesOnDelete(boolean tombstonesOnDelete) {
		this.tombstonesOnDelete = tombstonesOnDelete;
	}

	public List<String> getSkippedOperations() {
		return this.skippedOperations;
	}

	public void setSkippedOperations(List<String> skippedOperations) {
		this.skippedOperations = skippedOperations;
	}

	public Topics getTopics() {
		return this.topics;
	}

	/**
	 * The topics the publisher creates.
	 */
	public static class Topics {

		/**
		 * Whether to create the topics (the tables' and the offsets topic) through KafkaAdmin;
		 * when off, they must exist or the broker must create them.
		 */
		private boolean create = true;

		/**
		 * Number of partitions of each table's topic; the broker's num.partitions when not set.
		 */
		private @Nullable Integer partitions;

		/**
		 * Replication factor of the topics; the broker's default.replication.factor when not set.
		 */
		private @Nullable Short replicationFactor;

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public @Nullable Integer getPartitions() {
			return this.partitions;
		}

		public void setPartitions(@Nullable Integer partitions) {
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			this.replicationFactor = replicationFactor;
		}

	}

}
