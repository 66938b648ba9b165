package dev.zero.autoconfigure.observation;

import java.util.EnumSet;
import java.util.Set;

import dev.zero.change.Change;

/**
 * How {@code zero.listener} observations name a listener, and the kinds of change they observe
 * for it: those it handles (a {@code @ZeroListener} method passes over the others without a
 * call, which is not worth a timer sample).
 *
 * @param name the listener's name (see {@link ZeroObservation.ListenerLowCardinalityKeys#LISTENER})
 * @param ops the kinds of change observed
 */
public record ListenerIdentity(String name, Set<Change.Op> ops) {

	/** Every kind of change. */
	public static final Set<Change.Op> EVERY_CHANGE = Set.copyOf(EnumSet.allOf(Change.Op.class));

	public ListenerIdentity {
		ops = Set.copyOf(ops);
	}

}
