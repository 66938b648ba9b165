package dev.zero.embedded.junit;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.zero.embedded.EmbeddedPostgres;

/**
 * Chooses where tests run and shares servers across the test JVM.
 * <ul>
 * <li>{@code ZERO_TEST_DATABASE_URL} (environment variable or system property
 * {@code zero.test.database.url}): an external server;</li>
 * <li>{@code ZERO_TEST_DATABASE=testcontainers} (or {@code zero.test.database}): a Docker
 * container from the {@code postgres} image;</li>
 * <li>otherwise: an embedded server.</li>
 * </ul>
 */
final class TestServers {

	enum Kind {

		EMBEDDED, TESTCONTAINERS, EXTERNAL

	}

	private static final Map<String, TestServer> shared = new ConcurrentHashMap<>();

	private TestServers() {
	}

	static Kind kind() {
		if (setting("ZERO_TEST_DATABASE_URL") != null) {
			return Kind.EXTERNAL;
		}
		String selected = setting("ZERO_TEST_DATABASE");
		if (selected == null || selected.equalsIgnoreCase("embedded")) {
			return Kind.EMBEDDED;
		}
		if (selected.equalsIgnoreCase("testcontainers")) {
			return Kind.TESTCONTAINERS;
		}
		throw new IllegalStateException(
				"ZERO_TEST_DATABASE must be 'embedded' or 'testcontainers', not '" + selected + "'");
	}

	/**
	 * A server shared by every test class that asks for the same version and settings; it
	 * lives until the JVM exits.
	 */
	static TestServer shared(int version, Map<String, String> settings) {
		String key = kind() + ":" + version + ":" + new TreeMap<>(settings);
		return shared.computeIfAbsent(key, (k) -> start(version, settings));
	}

	/** A server of its own, which the caller stops. */
	static TestServer dedicated(int version, Map<String, String> settings) {
		return start(version, settings);
	}

	private static TestServer start(int version, Map<String, String> settings) {
		switch (kind()) {
			case EXTERNAL:
				try {
					return ExternalTestServer.fromEnvironment(setting("ZERO_TEST_DATABASE_URL"));
				}
				catch (Exception ex) {
					throw new IllegalStateException("ZERO_TEST_DATABASE_URL cannot be used: " + ex.getMessage(), ex);
				}
			case TESTCONTAINERS:
				return ContainerTestServer.start(version, settings);
			default:
				return new EmbeddedTestServer(EmbeddedPostgres.builder().version(version).settings(settings).start());
		}
	}

	/**
	 * Reads {@code NAME} from the environment or its system-property form
	 * ({@code name.in.lower.case}); the system property wins.
	 */
	static String setting(String environmentVariable) {
		String property = environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
		String value = System.getProperty(property, System.getenv(environmentVariable));
		return (value != null && !value.isBlank()) ? value : null;
	}

}
