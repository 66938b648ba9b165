package dev.zero.autoconfigure.observation;

import java.util.stream.Collectors;

import io.micrometer.common.KeyValues;

import dev.zero.autoconfigure.observation.ZeroObservation.ListenerHighCardinalityKeys;
import dev.zero.autoconfigure.observation.ZeroObservation.ListenerLowCardinalityKeys;
import dev.zero.change.Change;

/**
 * The default {@link ZeroListenerObservationConvention}: the keys of
 * {@link ZeroObservation#LISTENER}, and the listener's name as the span's name.
 */
public class DefaultZeroListenerObservationConvention implements ZeroListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultZeroListenerObservationConvention INSTANCE = new DefaultZeroListenerObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(ZeroListenerObservationContext context) {
		Throwable error = context.getError();
		return KeyValues.of(ListenerLowCardinalityKeys.APP.withValue(context.getAppId()),
				ListenerLowCardinalityKeys.LISTENER.withValue(context.getListener()),
				ListenerLowCardinalityKeys.TABLE.withValue(table(context.getChange())),
				ListenerLowCardinalityKeys.OPERATION.withValue(context.getChange().op().toString()),
				ListenerLowCardinalityKeys.OUTCOME.withValue((error != null) ? "failure" : "success"),
				ListenerLowCardinalityKeys.ERROR.withValue((error != null) ? error.getClass().getSimpleName() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZeroListenerObservationContext context) {
		return KeyValues.of(ListenerHighCardinalityKeys.LSN.withValue(context.getChange().lsn().toString()),
				ListenerHighCardinalityKeys.XID.withValue(Long.toString(context.getChange().xid())));
	}

	@Override
	public String getContextualName(ZeroListenerObservationContext context) {
		return context.getListener() + " receive";
	}

	private static String table(Change change) {
		return change.tables().stream().map(Object::toString).collect(Collectors.joining(","));
	}

}
