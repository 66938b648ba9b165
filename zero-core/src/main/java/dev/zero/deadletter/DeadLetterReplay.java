package dev.zero.deadletter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ChangeListener;
import dev.zero.change.ListenerFailure;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Replays a dead letter: rebuilds its change, calls the listener it names (found among the
 * application's listeners by {@link ListenerFailure#nameOf name}) on the caller's thread,
 * outside the stream and any transaction of the starter's, and deletes the dead letter once the
 * listener returned. A listener that throws leaves it in place, and the outcome says why.
 */
public final class DeadLetterReplay {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterReplay.class);

	private final Upstream upstream;

	private final DeadLetterTable table;

	private final Supplier<List<ChangeListener>> listeners;

	/**
	 * @param upstream the upstream database
	 * @param shard the shard whose dead letters these are
	 * @param listeners the application's listeners, every one
	 */
	public DeadLetterReplay(Upstream upstream, ShardId shard, Supplier<List<ChangeListener>> listeners) {
		this.upstream = upstream.named("dead-letters");
		this.table = new DeadLetterTable(shard);
		this.listeners = listeners;
	}

	/** The oldest dead letters, at most {@code limit}. */
	public List<DeadLetter> list(int limit) throws SQLException {
		try (Connection connection = this.upstream.connect()) {
			return this.table.list(connection, limit);
		}
	}

	/**
	 * What a replay did.
	 *
	 * @param letter the dead letter
	 * @param error what the listener threw, the dead letter kept; {@code null} when it returned
	 * and the dead letter was deleted
	 */
	public record Outcome(DeadLetter letter, @Nullable String error) {

	}

	/**
	 * Replays dead letter {@code id}.
	 * @return the dead letter, and whether the listener took it
	 * @throws IllegalArgumentException when there is no such dead letter, or its listener is
	 * gone
	 * @throws SQLException when the dead letter cannot be read or deleted
	 */
	public Outcome replay(long id) throws SQLException {
		try (Connection connection = this.upstream.connect()) {
			DeadLetter letter = this.table.find(connection, id)
				.orElseThrow(() -> new IllegalArgumentException("there is no dead letter " + id));
			ChangeListener listener = this.listeners.get()
				.stream()
				.filter((candidate) -> ListenerFailure.nameOf(candidate).equals(letter.listener()))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("dead letter " + id + " is for " + letter.listener()
						+ ", which is not a listener of this application any more"));
			try {
				listener.onChange(letter.change());
			}
			catch (Exception ex) {
				logger.warn("zero: replaying dead letter {} to {} failed; it is kept", id, letter.listener(), ex);
				return new Outcome(letter, String.valueOf(ex));
			}
			this.table.delete(connection, id);
			return new Outcome(letter, null);
		}
	}

}
