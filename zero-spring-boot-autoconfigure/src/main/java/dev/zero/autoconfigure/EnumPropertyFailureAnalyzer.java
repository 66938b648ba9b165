package dev.zero.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code zero.*} property whose value is not one of its enum's values: the
 * property, the value and where it was set, and the values it takes, written as the README
 * writes them ({@code report}, {@code adaptive-time-microseconds}), rather than the
 * converter's {@code No enum constant} and the constants' Java names. Runs before Spring
 * Boot's own analysis of binding failures; leaves every other property to it.
 */
class EnumPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		Class<?> type = cause.getTarget().getType().resolve();
		ConfigurationProperty property = cause.getProperty();
		if (type == null || !type.isEnum() || property == null || !cause.getName().toString().startsWith("zero.")) {
			return null;
		}
		String name = cause.getName().toString();
		String values = values(type);
		String origin = (property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "";
		return new FailureAnalysis(name + " is '" + property.getValue() + "'" + origin + ", which is not one of its values: "
				+ values + ".", "Set " + name + " to one of: " + values + ".", cause);
	}

	/** {@code report, auto}: lower case, words joined with '-', as the binder accepts them. */
	static String values(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
