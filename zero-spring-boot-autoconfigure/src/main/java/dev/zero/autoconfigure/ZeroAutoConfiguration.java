package dev.zero.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.StringUtils;

import dev.zero.change.ChangeListener;
import dev.zero.publication.PublicationSettings;
import dev.zero.replication.ReplicationMetrics;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardReportLog;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.InspectionSettings;
import dev.zero.upstream.Upstream;
import dev.zero.upstream.UpstreamValidator;

/**
 * Auto-configuration of the zero starter: finds the replication upstream (the application's
 * DataSource unless {@code zero.upstream.url} names another), and runs the shard's background
 * worker once the context has started.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "zero.enabled", matchIfMissing = true)
@Conditional(ZeroAutoConfiguration.UpstreamAvailableCondition.class)
@EnableConfigurationProperties(ZeroProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class ZeroAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Upstream zeroUpstream(ZeroProperties properties, ObjectProvider<JdbcConnectionDetails> connectionDetails,
			ObjectProvider<DataSource> dataSource) {
		ZeroProperties.Upstream configured = properties.getUpstream();
		ConnectionSource application = ConnectionSource.of(connectionDetails.getIfAvailable(),
				dataSource.getIfUnique());
		String url = StringUtils.hasText(configured.getUrl()) ? configured.getUrl() : application.url();
		if (url == null) {
			throw new IllegalStateException("zero cannot tell which database to replicate from: the DataSource "
					+ "does not expose its URL. Set zero.upstream.url (and zero.upstream.username/password).");
		}
		String username = StringUtils.hasText(configured.getUsername()) ? configured.getUsername()
				: application.username();
		String password = (configured.getPassword() != null) ? configured.getPassword() : application.password();
		return Upstream.of(url, username, password, "zero/" + properties.shardId())
			.withTimeouts(configured.getConnectTimeout(), configured.getQueryTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamValidator zeroUpstreamValidator(Upstream upstream, ZeroProperties properties) {
		ShardId shard = properties.shardId();
		InspectionSettings settings = new InspectionSettings(shard, properties.slotName(),
				properties.getAppPublications(), properties.getPublication().getSchemas(),
				properties.getValidation().getLargeDatabaseSize().toBytes());
		return new UpstreamValidator(upstream, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	ShardSupervisor zeroShardSupervisor(ZeroProperties properties, UpstreamValidator validator,
			ObjectProvider<ChangeListener> listeners, ObjectProvider<ReplicationMetrics> metrics) {
		Duration interval = properties.getValidation().getInterval();
		PublicationSettings publications = new PublicationSettings(properties.shardId(),
				properties.getAppPublications(), properties.getPublication().getSchemas(),
				properties.getPublication().getReplicaIdentity(), false, "relation-diff", properties.slotName());
		ReplicationWorker replication = null;
		if (properties.getReplication().isEnabled()) {
			ZeroProperties.Replication configured = properties.getReplication();
			ReplicationSettings settings = new ReplicationSettings(properties.slotName(),
					configured.getStatusInterval(), configured.isFailover(), configured.getShutdownTimeout(),
					properties.getInitialSync().isEnabled(), properties.getInitialSync().getTableCopyWorkers(),
					properties.isAutoReset());
			replication = new ReplicationWorker(validator.upstream(), properties.shardId(), settings,
					() -> listeners.orderedStream().toList(), metrics.getIfAvailable(() -> ReplicationMetrics.NONE));
		}
		return new ShardSupervisor(properties.shardId(), validator, publications, replication, interval,
				properties.getValidation().getReadyInterval(), new ShardReportLog(interval));
	}

	@Bean
	@ConditionalOnMissingBean
	ZeroLifecycle zeroLifecycle(ShardSupervisor supervisor, ZeroProperties properties) {
		return new ZeroLifecycle(supervisor, properties.getValidation().isFailFast());
	}

	/**
	 * The application's own connection settings, the default upstream.
	 */
	record ConnectionSource(@Nullable String url, @Nullable String username, @Nullable String password) {

		static ConnectionSource of(@Nullable JdbcConnectionDetails details, @Nullable DataSource dataSource) {
			if (details != null) {
				return new ConnectionSource(details.getJdbcUrl(), details.getUsername(), details.getPassword());
			}
			if (dataSource != null) {
				try {
					SimpleDriverDataSource derived = DataSourceBuilder.derivedFrom(dataSource)
						.type(SimpleDriverDataSource.class)
						.build();
					return new ConnectionSource(derived.getUrl(), derived.getUsername(), derived.getPassword());
				}
				catch (RuntimeException ex) {
					// a DataSource type that does not expose its settings
				}
			}
			return new ConnectionSource(null, null, null);
		}

	}

	/**
	 * There is something to replicate from: a DataSource, or an explicit upstream URL.
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

	}

}
