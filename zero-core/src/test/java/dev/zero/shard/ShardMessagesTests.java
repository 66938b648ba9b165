package dev.zero.shard;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.pgoutput.LogicalSlot;
import dev.zero.pgoutput.PgOutputDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shard's logical messages as a pgoutput slot receives them.
 */
class ShardMessagesTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private final ShardMessages messages = new ShardMessages(new ShardId("app", 3));

	@Test
	void emitsEachMessageWithTheShardsPrefixAndReturnsWhereItWasWritten() throws SQLException {
		TestDatabase db = postgres.database();
		db.execute("CREATE TABLE written (id int PRIMARY KEY)", "CREATE PUBLICATION written_pub FOR TABLE written");
		try (LogicalSlot slot = LogicalSlot.create(db, "shard_messages", "written_pub");
				Connection connection = db.connect()) {
			Lsn wake = this.messages.wake(connection);
			connection.setAutoCommit(false);
			this.messages.markOwnWrites(connection);
			try (Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO written VALUES (1)");
			}
			connection.commit();
			connection.setAutoCommit(true);
			// its commit flushes the WAL, and the lone wake-up before it
			Lsn watermark = this.messages.watermark(connection, "low 1/1");
			List<LogicalDecodingMessage> received = slot.takeDecoded(new PgOutputDecoder())
				.stream()
				.filter(LogicalDecodingMessage.class::isInstance)
				.map(LogicalDecodingMessage.class::cast)
				.toList();
			assertThat(received).extracting(LogicalDecodingMessage::prefix)
				.containsExactly("app/spring/3/wake", "app/spring/3/own", "app/spring/3/resync");
			assertThat(received).extracting(LogicalDecodingMessage::transactional).containsExactly(false, true, true);
			assertThat(received).extracting((message) -> new String(message.content(), StandardCharsets.UTF_8))
				.containsExactly("", "", "low 1/1");
			assertThat(received.get(0).lsn()).isEqualTo(wake.value());
			assertThat(received.get(2).lsn()).isEqualTo(watermark.value());
		}
	}

	@Test
	void recognizesOnlyItsOwnTransactionalWatermarks() {
		assertThat(this.messages.isWatermark(message(true, "app/spring/3/resync"))).isTrue();
		assertThat(this.messages.isWatermark(message(false, "app/spring/3/resync"))).isFalse();
		assertThat(this.messages.isWatermark(message(true, "app/spring/4/resync"))).isFalse();
		assertThat(this.messages.ddlPrefix()).isEqualTo("app/spring/3/ddl");
	}

	private static LogicalMessage message(boolean transactional, String prefix) {
		return new LogicalMessage(1, Lsn.of(1), transactional, prefix, new byte[0]);
	}

}
