package dev.zero.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The name and key values of the {@code zero.target} observations. An application that defines
 * a bean of this type replaces {@link DefaultZeroTargetObservationConvention} (extending it to
 * add key values keeps the defaults).
 */
public interface ZeroTargetObservationConvention extends ObservationConvention<ZeroTargetObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZeroTargetObservationContext;
	}

	@Override
	default String getName() {
		return "zero.target";
	}

}
