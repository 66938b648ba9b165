package dev.zero.replication;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.SchemaChange;

/**
 * The end of the {@link Delivery} chain: each event to the plain listeners, then to the
 * targets' listeners. A source transaction goes to the targets that did not commit it before
 * (it ends at or below the position a target returned when opened); an event outside the
 * stream's transactions goes to every target. A target's transaction is opened before its
 * listeners get their first event; when it commits is not decided here.
 */
final class FanOut implements DeliveryLink {

	private final ListenerDispatcher plain;

	private final DeliveryTargets targets;

	/**
	 * @param plain the listeners outside any target, with the metrics
	 * @param targets the targets, with their listeners
	 */
	FanOut(ListenerDispatcher plain, DeliveryTargets targets) {
		this.plain = plain;
		this.targets = targets;
	}

	@Override
	public void begin(Begin begin) throws ListenerException {
		for (DeliveryTargets.Target target : this.targets.all()) {
			// a transaction the target committed before is not delivered to it again
			target.active = begin.commitLsn().compareTo(target.committed) >= 0;
			if (target.active) {
				this.targets.open(target);
			}
		}
		toActive((listeners) -> listeners.begin(begin));
	}

	@Override
	public void change(Change change) throws ListenerException {
		toActive((listeners) -> listeners.change(change));
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		toActive((listeners) -> listeners.message(message));
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		toActive((listeners) -> listeners.schemaChange(change));
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		toActive((listeners) -> listeners.commit(commit));
		ended();
	}

	@Override
	public void skipped(Commit commit) {
		ended();
	}

	/** To the plain listeners, then to every target, in its open transaction or a new one. */
	@Override
	public void outside(Event event) throws ListenerException {
		event.to(this.plain);
		for (DeliveryTargets.Target target : this.targets.all()) {
			this.targets.open(target);
			event.to(target.listeners);
		}
	}

	/** To the plain listeners, then to the targets the transaction in hand is delivered to. */
	private void toActive(Event event) throws ListenerException {
		event.to(this.plain);
		for (DeliveryTargets.Target target : this.targets.all()) {
			if (target.active) {
				event.to(target.listeners);
			}
		}
	}

	private void ended() {
		for (DeliveryTargets.Target target : this.targets.all()) {
			target.active = false;
		}
	}

}
