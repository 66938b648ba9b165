package dev.zero.push.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code zero.push.*} property is documented twice: in the IDE metadata the
 * configuration processor generates, and in the README's property table.
 */
class PushConfigurationMetadataTests {

	@Test
	void everyPushPropertyHasADescriptionAndAReadmeRow() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		assertThat(pushProperties()).extracting(ConfigurationMetadataProperty::getId)
			.containsExactlyInAnyOrder("zero.push.enabled", "zero.push.path", "zero.push.api-key");
		assertThat(pushProperties()).allSatisfy((property) -> {
			assertThat(property.getDescription()).as("description of %s", property.getId()).isNotBlank();
			assertThat(readme).as("README row for %s", property.getId()).contains("| `" + property.getId() + "` |");
		});
	}

	private static List<ConfigurationMetadataProperty> pushProperties() throws IOException {
		ConfigurationMetadataRepositoryJsonBuilder builder = ConfigurationMetadataRepositoryJsonBuilder.create();
		for (URL url : Collections.list(ZeroPushProperties.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				builder.withJsonResource(in);
			}
		}
		return builder.build()
			.getAllProperties()
			.values()
			.stream()
			.filter((property) -> property.getId().startsWith("zero.push."))
			.toList();
	}

}
