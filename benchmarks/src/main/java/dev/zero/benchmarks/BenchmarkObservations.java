package dev.zero.benchmarks;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import dev.zero.autoconfigure.observation.ListenerIdentity;
import dev.zero.autoconfigure.observation.ZeroObservations;

/**
 * The observations of {@code --observations=on}: what an application with actuator and no
 * tracer records, a timer per listener and per target through Micrometer's default meter
 * handler, on a registry of its own.
 */
final class BenchmarkObservations {

	/** How the benchmark's listeners are named in their observations. */
	static final ListenerIdentity LISTENER = new ListenerIdentity("benchmark", ListenerIdentity.EVERY_CHANGE);

	private BenchmarkObservations() {
	}

	static ZeroObservations of(boolean on) {
		if (!on) {
			return ZeroObservations.none();
		}
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		return new ZeroObservations(registry, "benchmark", null, null);
	}

}
