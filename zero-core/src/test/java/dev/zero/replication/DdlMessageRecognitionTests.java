package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.SchemaChange;
import dev.zero.pgoutput.BeginMessage;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.shard.ShardId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which logical messages are the starter's DDL messages: its own prefix with its format
 * marker, or the prefix of earlier versions with their shape. zero-cache's DDL messages, which
 * earlier versions shared a prefix with, are ordinary messages.
 */
class DdlMessageRecognitionTests {

	private static final ShardId SHARD = new ShardId("zero", 0);

	private static final String SCHEMA = "[{\"schema\":\"public\",\"name\":\"items\",\"columns\":[],\"key\":[]}]";

	@Test
	void ownPrefixWithFormatIsASchemaChange() {
		Events events = translate(SHARD.ddlMessagePrefix(), "{\"format\":\"" + ShardId.DDL_MESSAGE_FORMAT
				+ "\",\"tag\":\"ALTER TABLE\",\"statement\":\"ALTER TABLE items ADD COLUMN note text\",\"before\":[],"
				+ "\"after\":" + SCHEMA + "}");
		assertThat(events.schemaChanges).singleElement()
			.satisfies((change) -> assertThat(change.commandTag()).isEqualTo("ALTER TABLE"));
		assertThat(events.messages).isEmpty();
	}

	@Test
	void ownPrefixWithoutFormatIsAnOrdinaryMessage() {
		Events events = translate(SHARD.ddlMessagePrefix(),
				"{\"tag\":\"ALTER TABLE\",\"statement\":\"x\",\"before\":[],\"after\":[]}");
		assertThat(events.schemaChanges).isEmpty();
		assertThat(events.messages).hasSize(1);
	}

	@Test
	void zeroCachesDdlMessageWithTheSharedPrefixIsAnOrdinaryMessage() {
		// zero-cache 1.9.0's event trigger payload, prefix {appId}/{shardNum}/ddl
		Events events = translate("zero/0/ddl", "{\"type\":\"ddlUpdate\",\"version\":1,\"previousSchema\":{},"
				+ "\"schema\":{\"tables\":[],\"indexes\":[]},\"event\":{\"tag\":\"ALTER TABLE\"},\"context\":{}}");
		assertThat(events.schemaChanges).isEmpty();
		assertThat(events.messages).singleElement()
			.satisfies((message) -> assertThat(message.prefix()).isEqualTo("zero/0/ddl"));
	}

	@Test
	void earlierVersionsMessageWithTheLegacyPrefixIsASchemaChange() {
		Events events = translate(SHARD.legacy().ddlMessagePrefix(),
				"{\"tag\":\"CREATE TABLE\",\"statement\":\"CREATE TABLE items ()\",\"before\":[],\"after\":" + SCHEMA + "}");
		assertThat(events.schemaChanges).hasSize(1);
	}

	@Test
	void malformedJsonIsAnOrdinaryMessage() {
		assertThat(translate(SHARD.ddlMessagePrefix(), "{not json").messages).hasSize(1);
	}

	private static Events translate(String prefix, String json) {
		MessageTranslator translator = new MessageTranslator(SHARD.ddlMessagePrefix(), SHARD.legacy().ddlMessagePrefix());
		Events events = new Events();
		translator.translate(new BeginMessage(100, 0, 7), Lsn.of(90), events);
		translator.translate(new LogicalDecodingMessage(true, 95, prefix, json.getBytes(StandardCharsets.UTF_8)),
				Lsn.of(95), events);
		return events;
	}

	private static final class Events implements TransactionSink<RuntimeException> {

		final List<SchemaChange> schemaChanges = new ArrayList<>();

		final List<LogicalMessage> messages = new ArrayList<>();

		@Override
		public void begin(Begin begin) {
		}

		@Override
		public void change(Change change) {
		}

		@Override
		public void message(LogicalMessage message) {
			this.messages.add(message);
		}

		@Override
		public void schemaChange(SchemaChange change) {
			this.schemaChanges.add(change);
		}

		@Override
		public void commit(Commit commit) {
		}

	}

}
