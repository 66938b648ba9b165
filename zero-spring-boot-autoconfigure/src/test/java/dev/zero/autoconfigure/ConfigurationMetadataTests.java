package dev.zero.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

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
