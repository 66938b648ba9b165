package dev.zero.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zero.supervisor.ShardSupervisor;

/**
 * Registers the {@code zero} health indicator when Spring Boot's health support
 * ({@code spring-boot-health}, which actuator brings) is present. Disable it with
 * {@code management.health.zero.enabled=false}.
 */
@AutoConfiguration(after = ZeroAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
public final class ZeroHealthContributorAutoConfiguration {

	// Nested so that the health module's own condition is only evaluated once the class check
	// passed: a configuration class registered directly (not through the import filter) has
	// all its conditions' classes loaded before any is evaluated.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ShardSupervisor.class)
	@ConditionalOnEnabledHealthIndicator("zero")
	static class ZeroHealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "zeroHealthIndicator")
		ZeroHealthIndicator zeroHealthIndicator(ShardSupervisor supervisor) {
			return new ZeroHealthIndicator(supervisor);
		}

	}

}
