package dev.zero.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.zero.autoconfigure.SpringBootVersionVerifier.IncompatibleSpringBootException;

/**
 * Explains a refused Spring Boot version in one line, then what to do.
 */
class IncompatibleSpringBootFailureAnalyzer extends AbstractFailureAnalyzer<IncompatibleSpringBootException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleSpringBootException cause) {
		return new FailureAnalysis(
				"zero-spring-boot-starter needs " + SpringBootVersionVerifier.REQUIRED
						+ ", and this application runs on Spring Boot " + cause.version() + ".",
				"Use " + SpringBootVersionVerifier.REQUIRED + " (its parent POM or BOM), or set "
						+ SpringBootVersionVerifier.ENABLED + "=false to start anyway, at your own risk.",
				cause);
	}

}
