package dev.zero.change;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.zero.pgoutput.BeginMessage;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.DeleteMessage;
import dev.zero.pgoutput.InsertMessage;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.pgoutput.LogicalSlot;
import dev.zero.pgoutput.PgOutputDecoder;
import dev.zero.pgoutput.PgOutputMessage;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.pgoutput.TruncateMessage;
import dev.zero.pgoutput.TupleData;
import dev.zero.pgoutput.TypeMessage;
import dev.zero.pgoutput.UpdateMessage;

/**
 * Turns decoded pgoutput messages into what a {@link ChangeListener} receives, the way the
 * replication code does, so that tests can check the public API against a real server.
 */
final class ChangeStream {

	private final PgOutputDecoder decoder = new PgOutputDecoder();

	private final Map<Integer, String> typeNames = new HashMap<>();

	private final Map<RelationMessage, RowLayout> layouts = new IdentityHashMap<>();

	private BeginMessage begin;

	/** Begin, Change, LogicalMessage and Commit objects, in stream order. */
	List<Object> decode(List<LogicalSlot.Entry> entries) {
		List<Object> events = new ArrayList<>();
		for (LogicalSlot.Entry entry : entries) {
			PgOutputMessage message = this.decoder.decode(entry.data());
			Lsn lsn = Lsn.of(entry.lsn());
			if (message instanceof BeginMessage beginMessage) {
				this.begin = beginMessage;
				events.add(new Begin(beginMessage.xid(), Lsn.of(beginMessage.finalLsn()), beginMessage.commitTime()));
			}
			else if (message instanceof CommitMessage commit) {
				events.add(new Commit(this.begin.xid(), Lsn.of(commit.commitLsn()), Lsn.of(commit.endLsn()),
						commit.commitTime()));
				this.begin = null;
			}
			else if (message instanceof TypeMessage type) {
				this.typeNames.put(type.typeOid(), type.qualifiedName());
			}
			else if (message instanceof InsertMessage insert) {
				events.add(new Insert(table(insert.relation()), row(insert.relation(), insert.newTuple()), false,
						this.begin.xid(), lsn, this.begin.commitTime()));
			}
			else if (message instanceof UpdateMessage update) {
				Row old = (update.oldTuple() != null) ? old(update.relation(), update.oldKind(), update.oldTuple())
						: null;
				events.add(new Update(table(update.relation()), row(update.relation(), update.newTuple()), old,
						this.begin.xid(), lsn, this.begin.commitTime()));
			}
			else if (message instanceof DeleteMessage delete) {
				events.add(new Delete(table(delete.relation()), old(delete.relation(), delete.oldKind(), delete.oldTuple()),
						this.begin.xid(), lsn, this.begin.commitTime()));
			}
			else if (message instanceof TruncateMessage truncate) {
				events.add(new Truncate(truncate.relations().stream().map(ChangeStream::table).toList(),
						truncate.cascade(), truncate.restartIdentity(), this.begin.xid(), lsn,
						this.begin.commitTime()));
			}
			else if (message instanceof LogicalDecodingMessage logical) {
				long xid = (logical.transactional()) ? this.begin.xid() : 0;
				events.add(new LogicalMessage(xid, Lsn.of(logical.lsn()), logical.transactional(), logical.prefix(),
						logical.content()));
			}
		}
		return events;
	}

	<T> List<T> decode(List<LogicalSlot.Entry> entries, Class<T> type) {
		return decode(entries).stream().filter(type::isInstance).map(type::cast).toList();
	}

	private Row row(RelationMessage relation, TupleData tuple) {
		return Row.of(layout(relation), new TupleValues(tuple));
	}

	private Row old(RelationMessage relation, char kind, TupleData tuple) {
		RowLayout layout = layout(relation);
		return Row.of((kind == UpdateMessage.OLD_KEY) ? layout.keyColumns() : layout, new TupleValues(tuple));
	}

	private RowLayout layout(RelationMessage relation) {
		return this.layouts.computeIfAbsent(relation, (key) -> RowLayout.of(table(key), key.columns()
			.stream()
			.map((column) -> new Column(column.name(), column.typeOid(), this.typeNames.get(column.typeOid()),
					column.key()))
			.toList()));
	}

	private static TableName table(RelationMessage relation) {
		return new TableName(relation.namespace().isEmpty() ? "pg_catalog" : relation.namespace(), relation.name());
	}

}
