package dev.zero.autoconfigure.observation;

import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;

import org.jspecify.annotations.Nullable;

import dev.zero.change.ChangeListener;
import dev.zero.change.TransactionalTarget;

/**
 * Decorates the listeners and the transactional targets the worker delivers to so that each
 * delivery is a {@code zero.listener} observation and each target transaction a
 * {@code zero.target} one, on the application's {@link ObservationRegistry}. Without one, or
 * with a no-op one, it hands them back as they are: observations then cost nothing.
 */
public final class ZeroObservations {

	private static final ZeroObservations NONE = new ZeroObservations(ObservationRegistry.NOOP, "", null, null);

	final ObservationRegistry registry;

	final String appId;

	final @Nullable ZeroListenerObservationConvention listenerConvention;

	final @Nullable ZeroTargetObservationConvention targetConvention;

	/**
	 * @param registry the application's registry
	 * @param appId the shard's application id
	 * @param listenerConvention the application's convention for {@code zero.listener}, or
	 * {@code null} for {@link DefaultZeroListenerObservationConvention}
	 * @param targetConvention the application's convention for {@code zero.target}, or
	 * {@code null} for {@link DefaultZeroTargetObservationConvention}
	 */
	public ZeroObservations(ObservationRegistry registry, String appId,
			@Nullable ZeroListenerObservationConvention listenerConvention,
			@Nullable ZeroTargetObservationConvention targetConvention) {
		this.registry = registry;
		this.appId = appId;
		this.listenerConvention = listenerConvention;
		this.targetConvention = targetConvention;
	}

	/** Observes nothing. */
	public static ZeroObservations none() {
		return NONE;
	}

	/** Whether deliveries are observed: the registry is not a no-op. */
	public boolean active() {
		return !this.registry.isNoop();
	}

	/**
	 * The listener, observed when {@link #active()}.
	 * @param listener a listener outside any target
	 * @param identity its name and the changes observed
	 */
	public ChangeListener listener(ChangeListener listener, ListenerIdentity identity) {
		return active() ? new ObservedChangeListener(listener, identity, this, null) : listener;
	}

	/**
	 * The target, observed when {@link #active()}, and its listeners too.
	 * @param target a transactional target
	 * @param identities the names of its listeners and the changes observed
	 */
	public TransactionalTarget target(TransactionalTarget target,
			Function<ChangeListener, ListenerIdentity> identities) {
		return active() ? new ObservedTarget(target, identities, this) : target;
	}

	/** The listener an observed one delivers to, or {@code listener} itself. */
	public static ChangeListener unwrap(ChangeListener listener) {
		return (listener instanceof ObservedChangeListener observed) ? observed.delegate() : listener;
	}

}
