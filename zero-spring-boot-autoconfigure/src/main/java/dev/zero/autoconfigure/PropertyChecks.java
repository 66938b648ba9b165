package dev.zero.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

/**
 * The rules the mappers share, each rejecting a value with a message that starts with the
 * property's name, so that startup fails naming what to change.
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static void atLeastOne(Errors errors, String field, String property, int value) {
		if (value < 1) {
			errors.rejectValue(field, property + ".invalid", property + ": must be at least 1");
		}
	}

	static void positive(Errors errors, String field, String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			errors.rejectValue(field, property + ".invalid", property + ": must be positive");
		}
	}

	static void atLeastOneSecond(Errors errors, String field, String property, @Nullable Duration value) {
		if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0) {
			errors.rejectValue(field, property + ".invalid", property + ": must be at least 1s");
		}
	}

}
