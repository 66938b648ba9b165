package dev.zero.change;

import java.util.ArrayList;
import java.util.List;

import dev.zero.pgoutput.LogicalSlot;
import dev.zero.pgoutput.PgOutputDecoder;
import dev.zero.replication.MessageTranslator;
import dev.zero.replication.TransactionSink;

/**
 * Turns what a real slot returned into what a {@link ChangeListener} receives, through the
 * replication code's own translator, so that tests can check the public API against a real
 * server.
 */
final class ChangeStream {

	private final PgOutputDecoder decoder = new PgOutputDecoder();

	private final MessageTranslator translator = new MessageTranslator();

	/** Begin, Change, LogicalMessage and Commit objects, in stream order. */
	List<Object> decode(List<LogicalSlot.Entry> entries) {
		List<Object> events = new ArrayList<>();
		TransactionSink<RuntimeException> sink = new TransactionSink<>() {

			@Override
			public void begin(Begin begin) {
				events.add(begin);
			}

			@Override
			public void change(Change change) {
				events.add(change);
			}

			@Override
			public void message(LogicalMessage message) {
				events.add(message);
			}

			@Override
			public void schemaChange(SchemaChange change) {
				events.add(change);
			}

			@Override
			public void commit(Commit commit) {
				events.add(commit);
			}

		};
		for (LogicalSlot.Entry entry : entries) {
			this.translator.translate(this.decoder.decode(entry.data()), Lsn.of(entry.lsn()), sink);
		}
		return events;
	}

	<T> List<T> decode(List<LogicalSlot.Entry> entries, Class<T> type) {
		return decode(entries).stream().filter(type::isInstance).map(type::cast).toList();
	}

}
