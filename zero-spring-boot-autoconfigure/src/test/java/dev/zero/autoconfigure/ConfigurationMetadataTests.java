package dev.zero.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.configurationmetadata.Deprecation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code zero.*} property is documented twice: in the IDE metadata the configuration
 * processor generates, and in the README's property table.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescription() throws IOException {
		assertThat(zeroProperties()).isNotEmpty().allSatisfy((property) -> assertThat(property.getDescription())
			.as("description of %s", property.getId())
			.isNotBlank());
	}

	@Test
	void everyPropertyIsInTheReadme() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		assertThat(zeroProperties()).allSatisfy((property) -> assertThat(readme)
			.as("README row for %s", property.getId())
			.contains("| `" + property.getId() + "` |"));
	}

	@Test
	void everyRenamedPropertyIsDeprecatedWithItsReplacement() throws IOException {
		Map<String, String> renamed = Map.of("zero.auto-reset", "zero.replication.auto-reset",
				"zero.initial-sync.enabled", "zero.replication.initial-sync.enabled", "zero.initial-sync.parallelism",
				"zero.replication.initial-sync.parallelism", "zero.initial-sync.table-copy-workers",
				"zero.replication.initial-sync.parallelism", "zero.resync.chunk-size",
				"zero.replication.resync.chunk-size");
		Map<String, ConfigurationMetadataProperty> properties = new HashMap<>();
		zeroProperties().forEach((property) -> properties.put(property.getId(), property));
		renamed.forEach((oldName, newName) -> {
			assertThat(properties).containsKey(newName);
			assertThat(properties.get(newName).isDeprecated()).as("%s deprecated", newName).isFalse();
			assertThat(properties.get(oldName).getDeprecation()).as("deprecation of %s", oldName)
				.isNotNull()
				.satisfies((deprecation) -> {
					assertThat(deprecation.getReplacement()).isEqualTo(newName);
					assertThat(deprecation.getLevel()).isEqualTo(Deprecation.Level.WARNING);
				});
		});
	}

	private static List<ConfigurationMetadataProperty> zeroProperties() throws IOException {
		ConfigurationMetadataRepositoryJsonBuilder builder = ConfigurationMetadataRepositoryJsonBuilder.create();
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				builder.withJsonResource(in);
			}
		}
		ConfigurationMetadataRepository repository = builder.build();
		List<ConfigurationMetadataProperty> properties = new ArrayList<>();
		repository.getAllProperties().forEach((id, property) -> {
			if (id.startsWith("zero.")) {
				properties.add(property);
			}
		});
		return properties;
	}

}
