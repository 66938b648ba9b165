package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.ConversionService;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

import dev.zero.autoconfigure.listener.ZeroListeners;
import dev.zero.autoconfigure.observation.ZeroListenerObservationConvention;
import dev.zero.autoconfigure.observation.ZeroObservations;
import dev.zero.autoconfigure.observation.ZeroTargetObservationConvention;
import dev.zero.change.ChangeListener;
import dev.zero.change.ListenerErrorHandler;
import dev.zero.change.ListenerRecoverer;
import dev.zero.deadletter.DeadLetterReplay;
import dev.zero.deadletter.DeadLetterTableRecoverer;
import dev.zero.change.TransactionalTarget;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardReportLog;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.Upstream;
import dev.zero.upstream.UpstreamValidator;

/**
 * Auto-configuration of the zero starter: finds the replication upstream
 * ({@link ZeroConnectionDetails}: {@code zero.upstream.*}, else the
 * {@link ZeroDataSource @ZeroDataSource} DataSource or the application's own), and runs the
 * shard's background worker once the context has started, stopping it within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "zero.enabled", matchIfMissing = true)
@Conditional(ZeroAutoConfiguration.UpstreamAvailableCondition.class)
@EnableConfigurationProperties({ ZeroProperties.class, LifecycleProperties.class })
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class ZeroAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ZeroConnectionDetails.class)
	PropertiesZeroConnectionDetails zeroConnectionDetails(ZeroProperties properties,
			@ZeroDataSource ObjectProvider<DataSource> zeroDataSource,
			ObjectProvider<JdbcConnectionDetails> jdbcConnectionDetails, ObjectProvider<DataSource> dataSource) {
		return new PropertiesZeroConnectionDetails(properties.getUpstream(), ApplicationConnection
			.of(zeroDataSource.getIfAvailable(), jdbcConnectionDetails::getIfAvailable, dataSource::getIfUnique));
	}

	/**
	 * With {@code zero.replication.idle-release}, the application's use of the DataSource the
	 * starter replicates from wakes a released listener.
	 */
	@Bean
	@ConditionalOnProperty(prefix = "zero.replication", name = "idle-release")
	static UpstreamDataSourceWakes zeroUpstreamDataSourceWakes() {
		return new UpstreamDataSourceWakes();
	}

	@Bean
	@ConditionalOnMissingBean
	Upstream zeroUpstream(ZeroConnectionDetails connectionDetails, ZeroProperties properties) {
		return UpstreamMapper.configure(Upstream.of(connectionDetails.getJdbcUrl(), connectionDetails.getUsername(),
				connectionDetails.getPassword(), "zero/" + ShardIdMapper.shardId(properties)), properties.getUpstream());
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamValidator zeroUpstreamValidator(Upstream upstream, ZeroProperties properties) {
		return new UpstreamValidator(upstream, InspectionSettingsMapper.settings(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	ZeroListeners zeroListeners(ConfigurableListableBeanFactory beanFactory, ObjectProvider<ChangeListener> listeners,
			ObjectProvider<ConversionService> conversionService) {
		return new ZeroListeners(beanFactory, listeners, conversionService);
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionalTargets zeroTransactionalTargets(ZeroProperties properties, ZeroListeners listeners,
			ObjectProvider<TransactionalTarget> targets, ObjectProvider<PlatformTransactionManager> transactionManager,
			ObjectProvider<DataSource> dataSource, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ZeroListenerObservationConvention> listenerConvention,
			ObjectProvider<ZeroTargetObservationConvention> targetConvention) {
		// asked when the worker starts: the registry is configured by then
		Supplier<ZeroObservations> observations = () -> new ZeroObservations(
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), properties.getAppId(),
				listenerConvention.getIfUnique(), targetConvention.getIfUnique());
		return new TransactionalTargets(ShardIdMapper.shardId(properties), listeners,
				properties.getReplication().getTransactional().getPositionStore(), transactionManager, dataSource,
				targets, observations);
	}

	/**
	 * The starter's threads: the long-running ones from the application's
	 * {@code zeroThreadFactory} {@link ThreadFactory}, the periodic ticks on its
	 * {@code zeroTaskScheduler} {@link ThreadPoolTaskScheduler}, each where it defines one.
	 */
	@Bean
	@ConditionalOnMissingBean
	ZeroThreads zeroThreads(@Qualifier("zeroThreadFactory") ObjectProvider<ThreadFactory> threadFactory,
			@Qualifier("zeroTaskScheduler") ObjectProvider<TaskScheduler> taskScheduler) {
		ZeroThreads threads = ZeroThreads.defaults();
		ThreadFactory factory = threadFactory.getIfAvailable();
		if (factory != null) {
			threads = threads.withThreadFactory(factory);
		}
		TaskScheduler scheduler = taskScheduler.getIfAvailable();
		if (scheduler != null) {
			if (!(scheduler instanceof ThreadPoolTaskScheduler pool)) {
				throw new IllegalStateException("The zeroTaskScheduler bean must be a ThreadPoolTaskScheduler, not a "
						+ scheduler.getClass().getName());
			}
			threads = threads.withScheduler(pool.getScheduledExecutor());
		}
		return threads;
	}

	/**
	 * What happens when a listener throws on a change: {@code zero.listener.error.*}, unless the
	 * application defines its own handler.
	 */
	@Bean
	@ConditionalOnMissingBean
	ListenerErrorHandler zeroListenerErrorHandler(ZeroProperties properties, Upstream upstream,
			@Qualifier("zeroDeadLetterTopicRecoverer") ObjectProvider<ListenerRecoverer> deadLetterTopic) {
		return ListenerErrorHandlerMapper.handler(properties.getListener().getError(),
				() -> new DeadLetterTableRecoverer(upstream, ShardIdMapper.shardId(properties)),
				deadLetterTopic::getIfAvailable);
	}

	/** The shard's dead letters, to list and replay. */
	@Bean
	@ConditionalOnMissingBean
	DeadLetterReplay zeroDeadLetterReplay(ZeroProperties properties, Upstream upstream, ZeroListeners listeners) {
		return new DeadLetterReplay(upstream, ShardIdMapper.shardId(properties), listeners::all);
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	ShardSupervisor zeroShardSupervisor(ZeroProperties properties, UpstreamValidator validator,
			LifecycleProperties lifecycle, ZeroListeners listeners, ObjectProvider<ReplicationMetrics> metrics,
			TransactionalTargets transactional, ZeroThreads threads, ListenerErrorHandler errorHandler) {
		ShardId shard = ShardIdMapper.shardId(properties);
		Duration interval = properties.getValidation().getInterval();
		ReplicationWorker replication = null;
		if (properties.getReplication().isEnabled()) {
			replication = new ReplicationWorker(validator.upstream(), shard,
					ReplicationSettingsMapper.settings(properties), transactional::plainListeners,
					transactional::targets, DeliverySettingsMapper.settings(properties.getReplication()),
					metrics.getIfAvailable(() -> ReplicationMetrics.NONE), threads, errorHandler);
		}
		return new ShardSupervisor(shard, validator, PublicationSettingsMapper.settings(properties), replication,
				interval, properties.getValidation().getReadyInterval(), lifecycle.getTimeoutPerShutdownPhase(),
				new ShardReportLog(interval), threads);
	}

	@Bean
	@ConditionalOnMissingBean
	ZeroLifecycle zeroLifecycle(ShardSupervisor supervisor, ZeroProperties properties,
			LifecycleProperties lifecycle, TransactionalTargets transactional) {
		return new ZeroLifecycle(supervisor, properties.getValidation().isFailFast(),
				lifecycle.getTimeoutPerShutdownPhase(), transactional::targets);
	}

	/**
	 * {@code zero.upstream.*}, each one that is not set taken from the application's
	 * connection.
	 */
	static final class PropertiesZeroConnectionDetails implements ZeroConnectionDetails {

		private final String jdbcUrl;

		private final String username;

		private final String password;

		private final @Nullable DataSource dataSource;

		PropertiesZeroConnectionDetails(ZeroProperties.Upstream configured, ApplicationConnection application) {
			this.jdbcUrl = StringUtils.hasText(configured.getUrl()) ? configured.getUrl() : application.url();
			if (this.jdbcUrl == null) {
				throw new IllegalStateException("zero cannot tell which database to replicate from: no JDBC URL in "
						+ application.origin() + ". Set zero.upstream.url (and zero.upstream.username/password), "
						+ "mark the DataSource to replicate from with @ZeroDataSource, or define a "
						+ "ZeroConnectionDetails bean.");
			}
			this.username = StringUtils.hasText(configured.getUsername()) ? configured.getUsername()
					: application.username();
			this.password = (configured.getPassword() != null) ? configured.getPassword() : application.password();
			this.dataSource = StringUtils.hasText(configured.getUrl()) ? null : application.dataSource();
		}

		/** The DataSource the URL was read from, or {@code null} when it was not read from one. */
		@Nullable DataSource dataSource() {
			return this.dataSource;
		}

		@Override
		public String getJdbcUrl() {
			return this.jdbcUrl;
		}

		@Override
		public String getUsername() {
			return this.username;
		}

		@Override
		public String getPassword() {
			return this.password;
		}

	}

	/**
	 * The database the application itself uses, the upstream's default: the
	 * {@code @ZeroDataSource} DataSource, else the application's {@link JdbcConnectionDetails},
	 * else its DataSource (the only one, or the primary).
	 * @param url its JDBC URL, or {@code null} when it cannot be told
	 * @param origin what it was read from, for the message when the URL cannot be told
	 * @param dataSource the DataSource it was read from, or {@code null}
	 */
	record ApplicationConnection(@Nullable String url, @Nullable String username, @Nullable String password,
			String origin, @Nullable DataSource dataSource) {

		static ApplicationConnection of(@Nullable DataSource zeroDataSource,
				Supplier<@Nullable JdbcConnectionDetails> connectionDetails,
				Supplier<@Nullable DataSource> dataSource) {
			if (zeroDataSource != null) {
				return derivedFrom(zeroDataSource, "the @ZeroDataSource DataSource");
			}
			JdbcConnectionDetails details = connectionDetails.get();
			DataSource unique = dataSource.get();
			if (details != null) {
				// the DataSource is the upstream too when it was built from these details
				boolean same = unique != null && details.getJdbcUrl() != null
						&& details.getJdbcUrl().equals(derivedFrom(unique, "the DataSource").url());
				return new ApplicationConnection(details.getJdbcUrl(), details.getUsername(), details.getPassword(),
						"the JdbcConnectionDetails (" + details.getClass().getName() + ")", same ? unique : null);
			}
			if (unique != null) {
				return derivedFrom(unique, "the DataSource");
			}
			return new ApplicationConnection(null, null, null,
					"the application: it has several DataSources and none is @Primary or @ZeroDataSource", null);
		}

		private static ApplicationConnection derivedFrom(DataSource dataSource, String origin) {
			DataSource pool = WakingDataSource.target(dataSource);
			String described = origin + " (" + pool.getClass().getName() + ")";
			try {
				SimpleDriverDataSource derived = DataSourceBuilder.derivedFrom(pool)
					.type(SimpleDriverDataSource.class)
					.build();
				return new ApplicationConnection(derived.getUrl(), derived.getUsername(), derived.getPassword(),
						described, dataSource);
			}
			catch (RuntimeException ex) {
				// a DataSource type that does not expose its settings through getters
				return new ApplicationConnection(null, null, null, described, null);
			}
		}

	}

	/**
	 * There is something to replicate from: a DataSource, an explicit upstream URL, or a
	 * {@link ZeroConnectionDetails} bean.
	 */
	static final class UpstreamAvailableCondition extends AnyNestedCondition {

		UpstreamAvailableCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(DataSource.class)
		static final class HasDataSource {

		}

		@ConditionalOnProperty(prefix = "zero.upstream", name = "url")
		static final class HasUpstreamUrl {

		}

		@ConditionalOnBean(ZeroConnectionDetails.class)
		static final class HasConnectionDetails {

		}

	}

}
