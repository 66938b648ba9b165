package dev.zero.autoconfigure.observation;

import io.micrometer.common.KeyValues;

import dev.zero.autoconfigure.observation.ZeroObservation.TargetHighCardinalityKeys;
import dev.zero.autoconfigure.observation.ZeroObservation.TargetLowCardinalityKeys;

/**
 * The default {@link ZeroTargetObservationConvention}: the keys of {@link ZeroObservation#TARGET},
 * and {@code <target> transaction} as the span's name.
 */
public class DefaultZeroTargetObservationConvention implements ZeroTargetObservationConvention {

	/** A shared instance. */
	public static final DefaultZeroTargetObservationConvention INSTANCE = new DefaultZeroTargetObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(ZeroTargetObservationContext context) {
		Throwable error = context.getError();
		return KeyValues.of(TargetLowCardinalityKeys.APP.withValue(context.getAppId()),
				TargetLowCardinalityKeys.TARGET.withValue(context.getTarget()),
				TargetLowCardinalityKeys.OUTCOME.withValue(context.getOutcome().id()),
				TargetLowCardinalityKeys.ERROR.withValue((error != null) ? error.getClass().getSimpleName() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZeroTargetObservationContext context) {
		return (context.getPosition() != null)
				? KeyValues.of(TargetHighCardinalityKeys.LSN.withValue(context.getPosition().toString()))
				: KeyValues.empty();
	}

	@Override
	public String getContextualName(ZeroTargetObservationContext context) {
		return context.getTarget() + " transaction";
	}

}
