package dev.zero.embedded.boot;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the embedded PostgreSQL server an application runs on when no
 * {@code spring.datasource.url} is set.
 */
@ConfigurationProperties("zero.embedded-postgres")
public class EmbeddedPostgresProperties {

	/**
	 * Whether to start an embedded PostgreSQL server when no spring.datasource.url is set.
	 */
	private boolean enabled = true;

	/**
	 * Major version of the embedded server, whose Zonky binaries must be on the classpath.
	 */
	private int version = 17;

	/**
	 * Database the application connects to.
	 */
	private String database = "postgres";

	/**
	 * Server settings written to postgresql.conf.
	 */
	private Map<String, String> settings = new LinkedHashMap<>(Map.of("wal_level", "logical"));

	/**
	 * Directory that keeps the server's data between runs, initialized when empty or
	 * missing; when not set, every start gets fresh data that is deleted on shutdown.
	 */
	private File dataDirectory;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getVersion() {
		return this.version;
	}

	public void setVersion(int version) {
		this.version = version;
	}

	public String getDatabase() {
		return this.database;
	}

	public void setDatabase(String database) {
		this.database = database;
	}

	public Map<String, String> getSettings() {
		return this.settings;
	}

	public void setSettings(Map<String, String> settings) {
		this.settings = settings;
	}

	public File getDataDirectory() {
		return this.dataDirectory;
	}

	public void setDataDirectory(File dataDirectory) {
		this.dataDirectory = dataDirectory;
	}

}
