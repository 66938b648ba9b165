package dev.zero.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Refuses to start on a Spring Boot the starter was not built for, the way Spring Cloud's
 * compatibility verifier does: once the environment is prepared and before any bean is
 * defined, so the application fails with one line naming the version it needs rather than
 * with whatever breaks first on the other version. It uses only types that Spring Boot 2 and 3
 * have in the same place, so that it loads there too. {@code zero.compatibility-verifier.enabled=false}
 * turns it off.
 */
class SpringBootVersionVerifier implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	static final String ENABLED = "zero.compatibility-verifier.enabled";

	/** What the starter needs, as the message says it: built on 4.1, on Boot 4's modules. */
	static final String REQUIRED = "Spring Boot 4.1 or a later 4.x";

	private final Supplier<@Nullable String> bootVersion;

	SpringBootVersionVerifier() {
		this(SpringBootVersion::getVersion);
	}

	/**
	 * @param bootVersion the version of Spring Boot the application runs on, {@code null} when
	 * it cannot be told (a repackaged jar without a manifest, for example)
	 */
	SpringBootVersionVerifier(Supplier<@Nullable String> bootVersion) {
		this.bootVersion = bootVersion;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (event.getEnvironment().getProperty(ENABLED, Boolean.class, true)) {
			verify();
		}
	}

	/**
	 * @throws IncompatibleSpringBootException if the application runs on a Spring Boot the
	 * starter does not support
	 */
	void verify() {
		String version = this.bootVersion.get();
		if (version != null && !isSupported(version)) {
			throw new IncompatibleSpringBootException(version);
		}
	}

	/** 4.1 or a later 4.x; a version that cannot be read is given the benefit of the doubt. */
	static boolean isSupported(String version) {
		String[] parts = version.split("[.-]");
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			return major == 4 && minor >= 1;
		}
		catch (NumberFormatException ex) {
			return true;
		}
	}

	/** After the config files are read (so the switch may be set there), before logging is set up. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 15;
	}

	/**
	 * The application runs on a Spring Boot the starter does not support.
	 */
	static final class IncompatibleSpringBootException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		private final String version;

		IncompatibleSpringBootException(String version) {
			super("zero-spring-boot-starter needs " + REQUIRED + ", and this application runs on Spring Boot " + version
					+ ": upgrade Spring Boot, or set " + ENABLED + "=false to start anyway");
			this.version = version;
		}

		String version() {
			return this.version;
		}

	}

}
