package dev.zero.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zero.deadletter.DeadLetterReplay;
import dev.zero.supervisor.ShardSupervisor;

/**
 * Registers the {@code zero} actuator endpoint ({@code /actuator/zero}) when actuator is
 * present; it is exposed like any endpoint ({@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = ZeroAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class ZeroEndpointAutoConfiguration {

	// Nested so that actuator's own condition is only evaluated once the class check passed: a
	// configuration class registered directly (not through the import filter) has all its
	// conditions' classes loaded before any is evaluated.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ShardSupervisor.class)
	@ConditionalOnAvailableEndpoint(ZeroEndpoint.class)
	static class ZeroEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZeroEndpoint zeroEndpoint(ShardSupervisor supervisor, ObjectProvider<DeadLetterReplay> deadLetters) {
			return new ZeroEndpoint(supervisor, deadLetters.getIfAvailable());
		}

		@Bean
		@ConditionalOnBean(ZeroEndpoint.class)
		@ConditionalOnMissingBean
		ZeroEndpointWebExtension zeroEndpointWebExtension(ZeroEndpoint endpoint) {
			return new ZeroEndpointWebExtension(endpoint);
		}

	}

}
