package dev.zero.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

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
 * Registers the shard's Micrometer meters when Micrometer is on the classpath; Spring Boot's
 * metrics support (which actuator brings) binds them to every meter registry, and without a
 * registry they record nothing.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = ZeroAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
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
