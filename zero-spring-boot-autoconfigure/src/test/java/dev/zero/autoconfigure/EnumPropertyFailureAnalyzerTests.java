package dev.zero.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A {@code zero.*} enum property set to a value it does not take is explained with the
 * values it takes, as the README writes them; binding failures of other properties are left to
 * Spring Boot.
 */
class EnumPropertyFailureAnalyzerTests {

	private final EnumPropertyFailureAnalyzer analyzer = new EnumPropertyFailureAnalyzer();

	@Test
	void listsTheValuesAZeroEnumPropertyTakes() {
		FailureAnalysis analysis = this.analyzer.analyze(bindFailure("zero.publication.replica-identity", "full"));
		assertThat(analysis.getDescription()).startsWith("zero.publication.replica-identity is 'full'")
			.endsWith("which is not one of its values: report, auto.");
		assertThat(analysis.getAction()).isEqualTo("Set zero.publication.replica-identity to one of: report, auto.");
	}

	@Test
	void writesTheValuesAsTheBinderAcceptsThem() {
		FailureAnalysis analysis = this.analyzer
			.analyze(bindFailure("zero.replication.transactional.position-store", "disk"));
		assertThat(analysis.getAction()).contains("auto, origin, table");
	}

	@Test
	void leavesOtherBindingFailuresToSpringBoot() {
		assertThat(this.analyzer.analyze(bindFailure("zero.shard-num", "two"))).isNull();
	}

	@Test
	void isRegisteredAsAFailureAnalyzerBeforeSpringBootsOwn() throws IOException {
		assertThat(Files.readString(Path.of("src/main/resources/META-INF/spring.factories")))
			.contains(EnumPropertyFailureAnalyzer.class.getName());
		assertThat(this.analyzer.getOrder()).isLessThan(0);
	}

	private static BindException bindFailure(String property, String value) {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(property, value)));
		return catchThrowableOfType(BindException.class, () -> binder.bind("zero", ZeroProperties.class));
	}

}
