package dev.zero.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zero.embedded.junit.TestDatabase;

/**
 * Application contexts as a user's application would have them: a DataSource from
 * {@code spring.datasource.*} and the starter's auto-configurations.
 */
final class ZeroContexts {

	private ZeroContexts() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				ZeroAutoConfiguration.class, ZeroHealthContributorAutoConfiguration.class));
	}

	/**
	 * A class loader for an application without actuator: no endpoints, no health, no
	 * Micrometer.
	 */
	static FilteredClassLoader withoutActuator() {
		return new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
				"io.micrometer");
	}

	static ApplicationContextRunner on(TestDatabase database) {
		return runner().withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "zero.validation.interval=200ms");
	}

}
