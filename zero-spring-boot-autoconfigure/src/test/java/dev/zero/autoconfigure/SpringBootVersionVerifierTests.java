package dev.zero.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.zero.autoconfigure.SpringBootVersionVerifier.IncompatibleSpringBootException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The Spring Boot versions the starter refuses at startup, with the version read from a
 * supplier rather than from the classpath.
 */
class SpringBootVersionVerifierTests {

	@Test
	void refusesSpringBoot35InOneLineNamingTheVersionItNeeds() {
		assertThatExceptionOfType(IncompatibleSpringBootException.class)
			.isThrownBy(() -> new SpringBootVersionVerifier(() -> "3.5.7").verify())
			.withMessage("zero-spring-boot-starter needs Spring Boot 4.1 or a later 4.x, and this application runs on "
					+ "Spring Boot 3.5.7: upgrade Spring Boot, or set zero.compatibility-verifier.enabled=false to "
					+ "start anyway");
	}

	@Test
	void supportsFourOneAndLaterFourX() {
		assertThat(SpringBootVersionVerifier.isSupported(SpringBootVersion.getVersion())).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.1.0")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.1.3-SNAPSHOT")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.2.0-M1")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.0.5")).isFalse();
		assertThat(SpringBootVersionVerifier.isSupported("3.5.7")).isFalse();
		assertThat(SpringBootVersionVerifier.isSupported("5.0.0")).isFalse();
	}

	@Test
	void startsWhenTheVersionCannotBeTold() {
		assertThatNoException().isThrownBy(() -> new SpringBootVersionVerifier(() -> null).verify());
		assertThatNoException().isThrownBy(() -> new SpringBootVersionVerifier(() -> "unknown").verify());
	}

	@Test
	void isTurnedOffByItsProperty() {
		SpringBootVersionVerifier verifier = new SpringBootVersionVerifier(() -> "3.5.7");
		assertThatNoException()
			.isThrownBy(() -> verifier.onApplicationEvent(event(Map.of("zero.compatibility-verifier.enabled", "false"))));
		assertThatExceptionOfType(IncompatibleSpringBootException.class)
			.isThrownBy(() -> verifier.onApplicationEvent(event(Map.of())));
	}

	@Test
	void failsTheApplicationBeforeItsContextExists() {
		SpringApplication application = new SpringApplication(Object.class);
		application.addListeners(new SpringBootVersionVerifier(() -> "3.5.7"));
		assertThatExceptionOfType(IncompatibleSpringBootException.class)
			.isThrownBy(() -> application.run("--spring.main.web-application-type=none"));
	}

	@Test
	void isAnalyzedInOneLineAndTheWayOut() {
		FailureAnalysis analysis = new IncompatibleSpringBootFailureAnalyzer()
			.analyze(new IncompatibleSpringBootException("3.5.7"));
		assertThat(analysis.getDescription())
			.isEqualTo("zero-spring-boot-starter needs Spring Boot 4.1 or a later 4.x, and this application runs on "
					+ "Spring Boot 3.5.7.");
		assertThat(analysis.getAction()).contains("zero.compatibility-verifier.enabled=false");
	}

	@Test
	void isRegisteredAsAnApplicationListener() throws IOException {
		// read rather than loaded: loading instantiates every listener on the classpath
		assertThat(Files.readString(Path.of("src/main/resources/META-INF/spring.factories")))
			.containsPattern("org.springframework.context.ApplicationListener=\\\\\\s*"
					+ SpringBootVersionVerifier.class.getName().replace(".", "\\."));
	}

	private static ApplicationEnvironmentPreparedEvent event(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
				new SpringApplication(Object.class), new String[0], environment);
	}

}
