package dev.zero.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The name and key values of the {@code zero.listener} observations. An application that
 * defines a bean of this type replaces {@link DefaultZeroListenerObservationConvention}
 * (extending it to add key values keeps the defaults).
 */
public interface ZeroListenerObservationConvention extends ObservationConvention<ZeroListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZeroListenerObservationContext;
	}

	@Override
	default String getName() {
		return "zero.listener";
	}

}
