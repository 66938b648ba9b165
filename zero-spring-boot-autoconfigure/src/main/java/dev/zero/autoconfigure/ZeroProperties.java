package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.replication.ReplicationSettings;
import dev.zero.target.PositionStore;

/**
 * Configuration properties for the zero starter: data only, grouped as the runtime is
 * (upstream, validation, publication, replication, listener). Each group's rules and the settings built
 * from it live in its mapper ({@link ReplicationSettingsMapper}, {@link DeliverySettingsMapper},
 * ...); this class only hands Boot's binder the rules to check ({@link Validator}). The names
 * renamed in 0.2 still bind here for one release, and {@link RenamedProperties} moves their
 * values to the new names once bound.
 */
@ConfigurationProperties("zero")
public class ZeroProperties implements Validator, InitializingBean {

	/**
	 * Whether to enable the zero starter.
	 */
	private boolean enabled = true;

	/**
	 * Identifier of this application; names the replication slot, publication and internal
	 * schema, so only lower-case letters, digits and underscores are allowed.
	 */
	private String appId = "zero";

	/**
	 * Shard number; several shards of one app id replicate independently.
	 */
	private int shardNum = 0;

	/**
	 * Comma-separated list of publications to replicate instead of the default publication.
	 */
	private List<String> appPublications = new ArrayList<>();

	private final Upstream upstream = new Upstream();

	private final Validation validation = new Validation();

	private final Publication publication = new Publication();

	private final Replication replication = new Replication();

	private final Listener listener = new Listener();

	/**
	 * Whether a schema change that cannot be followed in place (no event triggers) resets
	 * replicated state automatically.
	 */
	private @Nullable Boolean autoReset;

	private final RenamedInitialSync initialSync = new RenamedInitialSync();

	private final RenamedResync resync = new RenamedResync();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAppId() {
		return this.appId;
	}

	public void setAppId(String appId) {
		this.appId = appId;
	}

	public int getShardNum() {
		return this.shardNum;
	}

	public void setShardNum(int shardNum) {
		this.shardNum = shardNum;
	}

	public List<String> getAppPublications() {
		return this.appPublications;
	}

	public void setAppPublications(List<String> appPublications) {
		this.appPublications = appPublications;
	}

	public Upstream getUpstream() {
		return this.upstream;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public Publication getPublication() {
		return this.publication;
	}

	public Replication getReplication() {
		return this.replication;
	}

	public Listener getListener() {
		return this.listener;
	}

	/**
	 * Whether a schema change resets replicated state automatically, as set under the name it
	 * had before 0.2.
	 * @return the value set as {@code zero.auto-reset}, or {@code null}
	 * @deprecated since 0.2 in favour of {@code zero.replication.auto-reset}
	 */
	@Deprecated(since = "0.2", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "zero.replication.auto-reset", since = "0.2")
	public @Nullable Boolean getAutoReset() {
		return this.autoReset;
	}

	/**
	 * @param autoReset the value for {@code zero.replication.auto-reset}
	 * @deprecated since 0.2 in favour of {@code zero.replication.auto-reset}
	 */
	@Deprecated(since = "0.2", forRemoval = true)
	public void setAutoReset(@Nullable Boolean autoReset) {
		this.autoReset = autoReset;
	}

	/**
	 * The initial sync, as configured under the names it had before 0.2.
	 * @return {@code zero.initial-sync.*}
	 * @deprecated since 0.2 in favour of {@code zero.replication.initial-sync.*}
	 */
	@Deprecated(since = "0.2", forRemoval = true)
	public RenamedInitialSync getInitialSync() {
		return this.initialSync;
	}

	/**
	 * Re-syncs, as configured under the names they had before 0.2.
	 * @return {@code zero.resync.*}
	 * @deprecated since 0.2 in favour of {@code zero.replication.resync.*}
	 */
	@Deprecated(since = "0.2", forRemoval = true)
	public RenamedResync getResync() {
		return this.resync;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ZeroProperties.class.isAssignableFrom(type);
	}

	/**
	 * Boot's binder checks every group against its mapper's rules, so that an invalid value
	 * fails startup naming the property.
	 */
	@Override
	public void validate(Object target, Errors errors) {
		ZeroProperties properties = (ZeroProperties) target;
		ShardIdMapper.validate(properties, errors);
		UpstreamMapper.validate(properties.getUpstream(), errors);
		InspectionSettingsMapper.validate(properties.getValidation(), errors);
		PublicationSettingsMapper.validate(properties, errors);
		ReplicationSettingsMapper.validate(properties.getReplication(), errors);
		DeliverySettingsMapper.validate(properties.getReplication(), errors);
		ListenerErrorHandlerMapper.validate(properties.getListener().getError(), errors);
		RenamedProperties.validate(properties, errors);
	}

	/**
	 * Once bound, the values set under names renamed in 0.2 move to their new names.
	 */
	@Override
	public void afterPropertiesSet() {
		RenamedProperties.apply(this);
	}

	/**
	 * The listeners that changes are delivered to.
	 */
	public static class Listener {

		private final Error error = new Error();

		public Error getError() {
			return this.error;
		}

	}

	/**
	 * What happens when a listener throws on a change, unless the application defines a
	 * ListenerErrorHandler bean: retries with back-off, then the recoverer.
	 */
	public static class Error {

		/**
		 * How many times a listener is called on a change before the recoverer takes the change
		 * (ignored with no recoverer: then it is retried until it succeeds).
		 */
		private int maxAttempts = 10;

		/**
		 * What takes a change once the attempts are spent: none (retry until the listener
		 * succeeds, skipping nothing), log (log at ERROR and skip it), dead-letter-table (the
		 * shard's dead_letter table, replayable) or dead-letter-topic (a Kafka topic, with the
		 * Kafka module).
		 */
		private ListenerRecovery recoverer = ListenerRecovery.NONE;

		/**
		 * Topic the dead-letter-topic recoverer publishes to; the app id followed by
		 * ".dead-letters" unless set.
		 */
		private @Nullable String deadLetterTopic;

		private final BackOff backOff = new BackOff();

		public @Nullable String getDeadLetterTopic() {
			return this.deadLetterTopic;
		}

		public void setDeadLetterTopic(@Nullable String deadLetterTopic) {
			this.deadLetterTopic = deadLetterTopic;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public ListenerRecovery getRecoverer() {
			return this.recoverer;
		}

		public void setRecoverer(ListenerRecovery recoverer) {
			this.recoverer = recoverer;
		}

		public BackOff getBackOff() {
			return this.backOff;
		}

	}

	/**
	 * The waits between the attempts of a listener on a change.
	 */
	public static class BackOff {

		/**
		 * Wait before the first retry.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor each wait is multiplied by for the next.
		 */
		private double multiplier = 2;

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxInterval = Duration.ofSeconds(30);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

	/**
	 * What takes a change once a listener's attempts on it are spent.
	 */
	public enum ListenerRecovery {

		/** Nothing: the listener is retried until it succeeds, and nothing is skipped. */
		NONE,

		/** Log the change, the listener and the error at ERROR, and skip the change. */
		LOG,

		/** Write the change, the listener and the error to the shard's dead_letter table. */
		DEAD_LETTER_TABLE,

		/** Publish the change, the listener and the error to a Kafka topic (Kafka module). */
		DEAD_LETTER_TOPIC

	}

	/**
	 * The replication upstream, when it is not the application's DataSource.
	 */
	public static class Upstream {

		/**
		 * JDBC URL of the replication upstream, for example a direct connection when the
		 * application goes through a pooler. Defaults to the application's DataSource URL.
		 */
		private @Nullable String url;

		/**
		 * Login user of the replication upstream. Defaults to the DataSource's user.
		 */
		private @Nullable String username;

		/**
		 * Login password of the replication upstream. Defaults to the DataSource's password.
		 */
		private @Nullable String password;

		/**
		 * How long opening a connection to the upstream (TCP, TLS and login) may take.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * How long checks and provisioning wait for an answer from the upstream; never applied
		 * to the replication stream or to initial-sync copies.
		 */
		private Duration queryTimeout = Duration.ofSeconds(30);

		/**
		 * How long a connection to the upstream may be silent before TCP keepalive probes the
		 * server (TCP_KEEPIDLE, whole seconds).
		 */
		private Duration tcpKeepaliveIdle = Duration.ofSeconds(30);

		/**
		 * Time between TCP keepalive probes (TCP_KEEPINTERVAL, whole seconds).
		 */
		private Duration tcpKeepaliveInterval = Duration.ofSeconds(10);

		/**
		 * How many unanswered TCP keepalive probes end a connection (TCP_KEEPCOUNT).
		 */
		private int tcpKeepaliveCount = 3;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getQueryTimeout() {
			return this.queryTimeout;
		}

		public void setQueryTimeout(Duration queryTimeout) {
			this.queryTimeout = queryTimeout;
		}

		public Duration getTcpKeepaliveIdle() {
			return this.tcpKeepaliveIdle;
		}

		public void setTcpKeepaliveIdle(Duration tcpKeepaliveIdle) {
			this.tcpKeepaliveIdle = tcpKeepaliveIdle;
		}

		public Duration getTcpKeepaliveInterval() {
			return this.tcpKeepaliveInterval;
		}

		public void setTcpKeepaliveInterval(Duration tcpKeepaliveInterval) {
			this.tcpKeepaliveInterval = tcpKeepaliveInterval;
		}

		public int getTcpKeepaliveCount() {
			return this.tcpKeepaliveCount;
		}

		public void setTcpKeepaliveCount(int tcpKeepaliveCount) {
			this.tcpKeepaliveCount = tcpKeepaliveCount;
		}

	}

	/**
	 * Checking the upstream against the connection guide's requirements.
	 */
	public static class Validation {

		/**
		 * How often the upstream is re-checked while it is not ready, and the publications
		 * kept current once it is.
		 */
		private Duration interval = Duration.ofSeconds(30);

		/**
		 * How often the upstream is re-checked once it is ready, so that a database that
		 * degrades shows in health and the log before replication breaks.
		 */
		private Duration readyInterval = Duration.ofMinutes(5);

		/**
		 * Whether to fail application startup when the upstream fails a check, instead of
		 * reporting it and re-checking in the background.
		 */
		private boolean failFast = false;

		/**
		 * Database size from which a full re-sync on every schema change (no event triggers)
		 * is reported as expensive.
		 */
		private DataSize largeDatabaseSize = DataSize.ofGigabytes(10);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getReadyInterval() {
			return this.readyInterval;
		}

		public void setReadyInterval(Duration readyInterval) {
			this.readyInterval = readyInterval;
		}

		public boolean isFailFast() {
			return this.failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

		public DataSize getLargeDatabaseSize() {
			return this.largeDatabaseSize;
		}

		public void setLargeDatabaseSize(DataSize largeDatabaseSize) {
			this.largeDatabaseSize = largeDatabaseSize;
		}

	}

	/**
	 * The default publication, used when zero.app-publications is empty.
	 */
	public static class Publication {

		/**
		 * Comma-separated list of schemas whose tables the default publication covers.
		 */
		private List<String> schemas = new ArrayList<>(List.of("public"));

		/**
		 * What to do about tables without a replica identity (no primary key): 'report' leaves
		 * them out of the default publication and reports them; 'auto' gives them one (a
		 * suitable unique index, else FULL).
		 */
		private ReplicaIdentityPolicy replicaIdentity = ReplicaIdentityPolicy.REPORT;

		public List<String> getSchemas() {
			return this.schemas;
		}

		public void setSchemas(List<String> schemas) {
			this.schemas = schemas;
		}

		public ReplicaIdentityPolicy getReplicaIdentity() {
			return this.replicaIdentity;
		}

		public void setReplicaIdentity(ReplicaIdentityPolicy replicaIdentity) {
			this.replicaIdentity = replicaIdentity;
		}

	}

	/**
	 * The replication listener: a slot read in the background, changes delivered to the
	 * application's ChangeListener beans.
	 */
	public static class Replication {

		/**
		 * Whether to run the replication listener; when off, the starter only validates the
		 * upstream and provisions publications.
		 */
		private boolean enabled = true;

		/**
		 * Name of the logical replication slot. Defaults to {appId}_{shardNum}.
		 */
		private @Nullable String slotName;

		/**
		 * Whether the slot is synchronized to standbys (FAILOVER, PostgreSQL 17+), so that it
		 * survives the promotion of a standby that synchronizes slots; an existing slot is
		 * altered to match. Ignored before PostgreSQL 17.
		 */
		private boolean failover = true;

		/**
		 * How often the acknowledged position is reported to the server when nothing new was
		 * delivered (delivered transactions are reported within about 100 ms), and the lag
		 * measured.
		 */
		private Duration statusInterval = Duration.ofSeconds(10);

		/**
		 * How long a shutdown may wait for the transaction in hand to be delivered and
		 * acknowledged.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * How long the stream may receive nothing while the server has sent, or has data to
		 * send, before the connection is declared dead, closed and opened again.
		 */
		private Duration streamTimeout = Duration.ofSeconds(60);

		/**
		 * How long the stream may have nothing to deliver before the listener releases every
		 * connection it holds, so that a database that scales to zero (Neon) can sleep; it
		 * connects again on the application's next use of the replicated DataSource, on a wake
		 * or on the idle wake interval. Off when unset.
		 */
		private @Nullable Duration idleRelease;

		/**
		 * How often a released listener connects again on its own, to deliver what other
		 * clients wrote and to keep the slot from being removed as inactive by the provider.
		 */
		private Duration idleWakeInterval = Duration.ofHours(1);

		/**
		 * Whether a schema change that cannot be followed in place (no event triggers) resets
		 * replicated state automatically; when off, the listener stops until a manual reset.
		 */
		private boolean autoReset = true;

		/**
		 * Whether auto-reset was set under this name, which wins over its name before 0.2.
		 */
		private boolean autoResetSet;

		/**
		 * Copying the published tables when replicated state starts over.
		 */
		private final InitialSync initialSync = new InitialSync();

		/**
		 * Tables re-read while the stream goes on.
		 */
		private final Resync resync = new Resync();

		/**
		 * Transactional listeners: exactly-once effects in the application's database.
		 */
		private final Transactional transactional = new Transactional();

		public InitialSync getInitialSync() {
			return this.initialSync;
		}

		public Resync getResync() {
			return this.resync;
		}

		public Transactional getTransactional() {
			return this.transactional;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getSlotName() {
			return this.slotName;
		}

		public void setSlotName(@Nullable String slotName) {
			this.slotName = slotName;
		}

		public boolean isFailover() {
			return this.failover;
		}

		public void setFailover(boolean failover) {
			this.failover = failover;
		}

		public Duration getStatusInterval() {
			return this.statusInterval;
		}

		public void setStatusInterval(Duration statusInterval) {
			this.statusInterval = statusInterval;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public @Nullable Duration getIdleRelease() {
			return this.idleRelease;
		}

		public void setIdleRelease(@Nullable Duration idleRelease) {
			this.idleRelease = idleRelease;
		}

		public Duration getIdleWakeInterval() {
			return this.idleWakeInterval;
		}

		public void setIdleWakeInterval(Duration idleWakeInterval) {
			this.idleWakeInterval = idleWakeInterval;
		}

		public Duration getStreamTimeout() {
			return this.streamTimeout;
		}

		public void setStreamTimeout(Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
		}

		public boolean isAutoReset() {
			return this.autoReset;
		}

		public void setAutoReset(boolean autoReset) {
			this.autoReset = autoReset;
			this.autoResetSet = true;
		}

		boolean autoResetWasSet() {
			return this.autoResetSet;
		}

	}

	/**
	 * How transactional listeners ({@code @ZeroListener(transactional = true)}) run: inside
	 * transactions of the application's transaction manager that also record the source
	 * position they reach.
	 */
	public static class Transactional {

		/**
		 * At most this many consecutive source transactions share one transaction of the
		 * application's database; it is committed as soon as the stream has nothing more in
		 * hand.
		 */
		private int batchSize = 1000;

		/**
		 * At the latest this long after it began, a transaction is committed however busy the
		 * stream is.
		 */
		private Duration batchDelay = Duration.ofMillis(200);

		/**
		 * During an initial sync, snapshot rows per transaction.
		 */
		private int snapshotChunk = 10_000;

		/**
		 * Whether changes written by the transactional listeners themselves are delivered to
		 * the listeners.
		 */
		private boolean deliverOwnWrites = false;

		/**
		 * Where the position is recorded: auto (a replication origin where the role may use
		 * one, else the shard's listener_position table), origin or table.
		 */
		private PositionStore positionStore = PositionStore.AUTO;

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getBatchDelay() {
			return this.batchDelay;
		}

		public void setBatchDelay(Duration batchDelay) {
			this.batchDelay = batchDelay;
		}

		public int getSnapshotChunk() {
			return this.snapshotChunk;
		}

		public void setSnapshotChunk(int snapshotChunk) {
			this.snapshotChunk = snapshotChunk;
		}

		public boolean isDeliverOwnWrites() {
			return this.deliverOwnWrites;
		}

		public void setDeliverOwnWrites(boolean deliverOwnWrites) {
			this.deliverOwnWrites = deliverOwnWrites;
		}

		public PositionStore getPositionStore() {
			return this.positionStore;
		}

		public void setPositionStore(PositionStore positionStore) {
			this.positionStore = positionStore;
		}

	}

	/**
	 * Tables re-read while the stream goes on.
	 */
	public static class Resync {

		/**
		 * Rows per chunk when a table is re-read while streaming (each chunk is read between
		 * two watermarks in the WAL and held in memory until the second arrives).
		 */
		private int chunkSize = 10_000;

		/**
		 * Whether the chunk size was set under this name, which wins over its name before 0.2.
		 */
		private boolean chunkSizeSet;

		public int getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(int chunkSize) {
			this.chunkSize = chunkSize;
			this.chunkSizeSet = true;
		}

		boolean chunkSizeWasSet() {
			return this.chunkSizeSet;
		}

	}

	/**
	 * Copying the published tables when replicated state starts over.
	 */
	public static class InitialSync {

		/**
		 * Whether to copy every existing row to the listeners before streaming, after a reset
		 * (first start, invalidated slot, schema change...).
		 */
		private boolean enabled = true;

		/**
		 * Number of connections that copy in parallel during an initial sync, whole tables or
		 * ranges of a large one, at most: fewer when the server has fewer to spare.
		 */
		private int parallelism = ReplicationSettings.defaultParallelism();

		/**
		 * Whether enabled was set under this name, which wins over its name before 0.2.
		 */
		private boolean enabledSet;

		/**
		 * Whether the parallelism was set under this name, which wins over its names before 0.2.
		 */
		private boolean parallelismSet;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
			this.enabledSet = true;
		}

		public int getParallelism() {
			return this.parallelism;
		}

		public void setParallelism(int parallelism) {
			this.parallelism = parallelism;
			this.parallelismSet = true;
		}

		boolean enabledWasSet() {
			return this.enabledSet;
		}

		boolean parallelismWasSet() {
			return this.parallelismSet;
		}

	}

	/**
	 * {@code zero.initial-sync.*}, renamed {@code zero.replication.initial-sync.*} in 0.2:
	 * what was set under the old names, moved to the new ones once bound.
	 * @deprecated since 0.2 in favour of {@link Replication#getInitialSync()}
	 */
	@Deprecated(since = "0.2", forRemoval = true)
	public static class RenamedInitialSync {

		/**
		 * Whether to copy every existing row to the listeners before streaming, after a reset.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Number of connections that copy in parallel during an initial sync.
		 */
		private @Nullable Integer parallelism;

		/**
		 * Number of connections that copy tables in parallel during an initial sync.
		 */
		private @Nullable Integer tableCopyWorkers;

		/**
		 * @return the value set as {@code zero.initial-sync.enabled}, or {@code null}
		 * @deprecated since 0.2 in favour of {@code zero.replication.initial-sync.enabled}
		 */
		@Deprecated(since = "0.2", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "zero.replication.initial-sync.enabled", since = "0.2")
		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		/**
		 * @param enabled the value for {@code zero.replication.initial-sync.enabled}
		 * @deprecated since 0.2 in favour of {@code zero.replication.initial-sync.enabled}
		 */
		@Deprecated(since = "0.2", forRemoval = true)
		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * @return the value set as {@code zero.initial-sync.parallelism}, or {@code null}
		 * @deprecated since 0.2 in favour of {@code zero.replication.initial-sync.parallelism}
		 */
		@Deprecated(since = "0.2", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "zero.replication.initial-sync.parallelism", since = "0.2")
		public @Nullable Integer getParallelism() {
			return this.parallelism;
		}

		/**
		 * @param parallelism the value for {@code zero.replication.initial-sync.parallelism}
		 * @deprecated since 0.2 in favour of {@code zero.replication.initial-sync.parallelism}
		 */
		@Deprecated(since = "0.2", forRemoval = true)
		public void setParallelism(@Nullable Integer parallelism) {
			this.parallelism = parallelism;
		}

		/**
		 * @return the value set as {@code zero.initial-sync.table-copy-workers}, or {@code null}
		 * @deprecated since 0.1.0 in favour of {@code zero.replication.initial-sync.parallelism}
		 */
		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "zero.replication.initial-sync.parallelism", since = "0.1.0")
		public @Nullable Integer getTableCopyWorkers() {
			return this.tableCopyWorkers;
		}

		/**
		 * @param tableCopyWorkers the value for {@code zero.replication.initial-sync.parallelism}
		 * @deprecated since 0.1.0 in favour of {@code zero.replication.initial-sync.parallelism}
		 */
		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setTableCopyWorkers(@Nullable Integer tableCopyWorkers) {
			this.tableCopyWorkers = tableCopyWorkers;
		}

	}

	/**
	 * {@code zero.resync.*}, renamed {@code zero.replication.resync.*} in 0.2: what was set
	 * under the old names, moved to the new ones once bound.
	 * @deprecated since 0.2 in favour of {@link Replication#getResync()}
	 */
	@Deprecated(since = "0.2", forRemoval = true)
	public static class RenamedResync {

		/**
		 * Rows per chunk when a table is re-read while streaming.
		 */
		private @Nullable Integer chunkSize;

		/**
		 * @return the value set as {@code zero.resync.chunk-size}, or {@code null}
		 * @deprecated since 0.2 in favour of {@code zero.replication.resync.chunk-size}
		 */
		@Deprecated(since = "0.2", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "zero.replication.resync.chunk-size", since = "0.2")
		public @Nullable Integer getChunkSize() {
			return this.chunkSize;
		}

		/**
		 * @param chunkSize the value for {@code zero.replication.resync.chunk-size}
		 * @deprecated since 0.2 in favour of {@code zero.replication.resync.chunk-size}
		 */
		@Deprecated(since = "0.2", forRemoval = true)
		public void setChunkSize(@Nullable Integer chunkSize) {
			this.chunkSize = chunkSize;
		}

	}

}
