package dev.zero.autoconfigure.observation;

import java.util.Set;

import io.micrometer.observation.Observation;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Reset;
import dev.zero.change.ResyncComplete;
import dev.zero.change.ResyncStart;
import dev.zero.change.SchemaChange;
import dev.zero.change.SyncComplete;
import dev.zero.change.TableFilter;

/**
 * A listener whose every {@link #onChange} (of the kinds of change it handles) is a {@code zero.listener} observation, a child of
 * its target's transaction when it runs in one; every other callback goes straight through.
 */
final class ObservedChangeListener implements ChangeListener {

	private final ChangeListener delegate;

	private final String name;

	private final Set<Change.Op> ops;

	private final ZeroObservations observations;

	private final @Nullable ObservedTarget target;

	ObservedChangeListener(ChangeListener delegate, ListenerIdentity identity, ZeroObservations observations,
			@Nullable ObservedTarget target) {
		this.delegate = delegate;
		this.name = identity.name();
		this.ops = identity.ops();
		this.observations = observations;
		this.target = target;
	}

	ChangeListener delegate() {
		return this.delegate;
	}

	@Override
	public void onChange(Change change) throws Exception {
		if (!this.ops.contains(change.op())) {
			this.delegate.onChange(change);
			return;
		}
		ZeroListenerObservationContext context = new ZeroListenerObservationContext(this.observations.appId,
				this.name, change);
		Observation observation = ZeroObservation.LISTENER.observation(this.observations.listenerConvention,
				DefaultZeroListenerObservationConvention.INSTANCE, () -> context, this.observations.registry);
		if (this.target != null) {
			observation.parentObservation(this.target.current());
		}
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			this.delegate.onChange(change);
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			if (this.target != null) {
				this.target.failed(ex);
			}
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public void onBegin(Begin begin) throws Exception {
		this.delegate.onBegin(begin);
	}

	@Override
	public void onMessage(LogicalMessage message) throws Exception {
		this.delegate.onMessage(message);
	}

	@Override
	public void onCommit(Commit commit) throws Exception {
		this.delegate.onCommit(commit);
	}

	@Override
	public void onReset(Reset reset) throws Exception {
		this.delegate.onReset(reset);
	}

	@Override
	public void onSyncComplete(SyncComplete complete) throws Exception {
		this.delegate.onSyncComplete(complete);
	}

	@Override
	public void onResyncStart(ResyncStart start) throws Exception {
		this.delegate.onResyncStart(start);
	}

	@Override
	public void onResyncComplete(ResyncComplete complete) throws Exception {
		this.delegate.onResyncComplete(complete);
	}

	@Override
	public void onSchemaChange(SchemaChange change) throws Exception {
		this.delegate.onSchemaChange(change);
	}

	@Override
	public TableFilter tables() {
		return this.delegate.tables();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
