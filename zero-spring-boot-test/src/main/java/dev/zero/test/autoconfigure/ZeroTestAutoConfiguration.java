package dev.zero.test.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.zero.autoconfigure.ZeroAutoConfiguration;
import dev.zero.supervisor.ShardSupervisor;

/**
 * The {@link ChangeRecorder} of {@link AutoConfigureZeroTest @AutoConfigureZeroTest}, when the
 * starter runs a shard.
 */
@AutoConfiguration(after = ZeroAutoConfiguration.class)
@ConditionalOnBean(ShardSupervisor.class)
public final class ZeroTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChangeRecorder zeroChangeRecorder(ShardSupervisor supervisor) {
		return new ChangeRecorder(supervisor::status);
	}

}
