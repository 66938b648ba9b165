package dev.zero.embedded.boot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

import dev.zero.embedded.EmbeddedPostgres;
import dev.zero.embedded.EmbeddedPostgresException;

/**
 * Runs the application on an embedded PostgreSQL server when no {@code spring.datasource.url}
 * is set: for local runs and demos, never for production. The server lives as long as the
 * application context; its data is thrown away with it, unless a data directory is kept.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(JdbcConnectionDetails.class)
@ConditionalOnBooleanProperty(name = "zero.embedded-postgres.enabled", matchIfMissing = true)
@Conditional(EmbeddedPostgresAutoConfiguration.NoDataSourceUrlCondition.class)
@ConditionalOnMissingBean(JdbcConnectionDetails.class)
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
public final class EmbeddedPostgresAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.version(properties.getVersion())
			.settings(properties.getSettings());
		if (properties.getDataDirectory() != null) {
			builder.dataDirectory(properties.getDataDirectory().toPath());
		}
		EmbeddedPostgres postgres = builder.start();
		createDatabase(postgres, properties.getDatabase());
		logger.info("Embedded PostgreSQL {} ready (no spring.datasource.url set; {}): psql \"{}\"", postgres.version(),
				postgres.keepsData() ? "data kept in " + postgres.dataDirectory() : "data discarded on shutdown",
				postgres.connectionUri(properties.getDatabase()));
		return postgres;
	}

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres postgres,
			EmbeddedPostgresProperties properties) {
		return new EmbeddedPostgresConnectionDetails(postgres, properties.getDatabase());
	}

	/** Creates the application's database, unless a kept data directory has it from an earlier run. */
	private static void createDatabase(EmbeddedPostgres postgres, String database) {
		try (Connection connection = postgres.connect("postgres");
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, database);
			try (ResultSet rows = exists.executeQuery()) {
				if (rows.next()) {
					return;
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
			}
		}
		catch (SQLException ex) {
			postgres.close();
			throw new EmbeddedPostgresException("Could not create database '" + database + "' on " + postgres, ex);
		}
	}

	static final class NoDataSourceUrlCondition extends NoneNestedConditions {

		NoDataSourceUrlCondition() {
			super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "spring.datasource", name = "url")
		static final class DataSourceUrl {

		}

	}

}
