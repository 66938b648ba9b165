package dev.zero.autoconfigure.observation;

import java.util.List;
import java.util.function.Function;

import io.micrometer.observation.Observation;

import org.jspecify.annotations.Nullable;

import dev.zero.autoconfigure.observation.ZeroTargetObservationContext.Outcome;
import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;
import dev.zero.change.TransactionalTarget;
import dev.zero.change.UpstreamTimeline;

/**
 * A transactional target whose every transaction, from {@link #begin} to {@link #commit} or
 * {@link #rollback}, is a {@code zero.target} observation, the parent of its listeners'
 * {@code zero.listener} ones. It opens no scope: the worker holds several targets' transactions
 * at once and ends them in its own order. Driven on the worker's thread alone.
 */
final class ObservedTarget implements TransactionalTarget {

	private final TransactionalTarget delegate;

	private final ZeroObservations observations;

	private final List<ChangeListener> listeners;

	private @Nullable Observation current;

	private @Nullable ZeroTargetObservationContext context;

	/** The exception of a listener in the open transaction, which its rollback follows. */
	private @Nullable Throwable failure;

	ObservedTarget(TransactionalTarget delegate, Function<ChangeListener, ListenerIdentity> identities,
			ZeroObservations observations) {
		this.delegate = delegate;
		this.observations = observations;
		this.listeners = delegate.listeners()
			.stream()
			.map((listener) -> (ChangeListener) new ObservedChangeListener(listener, identities.apply(listener),
					observations, this))
			.toList();
	}

	/** The open transaction's observation, or {@code null}. */
	@Nullable Observation current() {
		return this.current;
	}

	/** A listener of the open transaction threw {@code failure}. */
	void failed(Throwable failure) {
		this.failure = failure;
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public List<ChangeListener> listeners() {
		return this.listeners;
	}

	@Override
	public Lsn open() throws Exception {
		return this.delegate.open();
	}

	@Override
	public @Nullable UpstreamTimeline committedOn() {
		return this.delegate.committedOn();
	}

	@Override
	public void streamingFrom(UpstreamTimeline timeline) {
		this.delegate.streamingFrom(timeline);
	}

	@Override
	public void begin() throws Exception {
		ZeroTargetObservationContext context = new ZeroTargetObservationContext(this.observations.appId,
				this.delegate.name());
		Observation observation = ZeroObservation.TARGET
			.observation(this.observations.targetConvention, DefaultZeroTargetObservationConvention.INSTANCE,
					() -> context, this.observations.registry)
			.start();
		this.failure = null;
		try {
			this.delegate.begin();
		}
		catch (Exception | Error ex) {
			context.setOutcome(Outcome.ROLLBACK);
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		this.current = observation;
		this.context = context;
	}

	@Override
	public void commit(Lsn position) throws Exception {
		Observation observation = this.current;
		ZeroTargetObservationContext context = this.context;
		end();
		if (observation == null || context == null) {
			this.delegate.commit(position);
			return;
		}
		context.setPosition(position);
		try {
			this.delegate.commit(position);
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public void rollback() {
		Observation observation = this.current;
		ZeroTargetObservationContext context = this.context;
		Throwable failure = this.failure;
		end();
		try {
			this.delegate.rollback();
		}
		finally {
			if (observation != null && context != null) {
				context.setOutcome(Outcome.ROLLBACK);
				if (failure != null) {
					observation.error(failure);
				}
				observation.stop();
			}
		}
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

	private void end() {
		this.current = null;
		this.context = null;
		this.failure = null;
	}

}
