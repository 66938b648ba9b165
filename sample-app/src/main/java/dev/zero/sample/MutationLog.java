package dev.zero.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.LogicalMessage;
import dev.zero.push.MutationMessage;
import dev.zero.push.ZeroMutations;

/**
 * A listener that tells which changes came from a Zero mutator ({@link TodoMutators}): each
 * mutator's transaction carries a message naming the mutation, which arrives before its
 * changes. Logs them and keeps the last 50.
 */
@Component
class MutationLog implements ChangeListener {

	private static final Logger logger = LoggerFactory.getLogger(MutationLog.class);

	private final Deque<String> entries = new ArrayDeque<>();

	private @Nullable MutationMessage mutation;

	@Override
	public void onBegin(Begin begin) {
		this.mutation = null;
	}

	@Override
	public void onMessage(LogicalMessage message) {
		ZeroMutations.of(message).ifPresent((mutation) -> this.mutation = mutation);
	}

	@Override
	public void onChange(Change change) {
		MutationMessage mutation = this.mutation;
		if (mutation != null) {
			String entry = mutation.name() + " (client " + mutation.clientID() + ", mutation " + mutation.mutationID()
					+ "): " + change.op() + " " + change.tables().get(0);
			logger.info(entry);
			add(entry);
		}
	}

	/** The last changes that came from a mutator, oldest first. */
	synchronized List<String> entries() {
		return new ArrayList<>(this.entries);
	}

	private synchronized void add(String entry) {
		if (this.entries.size() == 50) {
			this.entries.removeFirst();
		}
		this.entries.addLast(entry);
	}

}
