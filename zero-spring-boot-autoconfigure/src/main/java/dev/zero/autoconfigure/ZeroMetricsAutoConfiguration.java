package dev.zero.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import dev.zero.supervisor.ShardSupervisor;

/**
 * Registers the shard's Micrometer meters when Micrometer is on the classpath; Spring Boot
 * binds them to every meter registry.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = ZeroAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBooleanProperty(name = "zero.enabled", matchIfMissing = true)
@Conditional(ZeroAutoConfiguration.UpstreamAvailableCondition.class)
@EnableConfigurationProperties(ZeroProperties.class)
public final class ZeroMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZeroMetrics zeroMetrics(ZeroProperties properties, ObjectProvider<ShardSupervisor> supervisor) {
		return new ZeroMetrics(properties.getAppId(), properties.getShardNum(), supervisor);
	}

}
