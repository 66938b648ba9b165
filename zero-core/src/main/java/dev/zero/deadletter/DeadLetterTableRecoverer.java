package dev.zero.deadletter;

import java.sql.Connection;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ListenerFailure;
import dev.zero.change.ListenerRecoverer;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Writes the change a listener gave up on to the shard's {@link DeadLetterTable} on a
 * connection of its own, and logs its id: delivery goes on, and the change can be replayed.
 * When the table cannot be written, it throws: the change is not skipped.
 */
public final class DeadLetterTableRecoverer implements ListenerRecoverer {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterTableRecoverer.class);

	private final Upstream upstream;

	private final DeadLetterTable table;

	public DeadLetterTableRecoverer(Upstream upstream, ShardId shard) {
		this.upstream = upstream.named("dead-letters");
		this.table = new DeadLetterTable(shard);
	}

	@Override
	public void recover(ListenerFailure failure) throws SQLException {
		try (Connection connection = this.upstream.connect()) {
			connection.setAutoCommit(true);
			long id = this.table.insert(connection, DeadLetter.of(failure));
			logger.error("zero: dead letter {}: the {} after {} attempts; replay it with "
					+ "POST /actuator/zero/dead-letters/{}/replay", id, failure.describe(), failure.attempt(), id);
		}
	}

}
