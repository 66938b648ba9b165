package dev.zero.replication;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Commit;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.SchemaChange;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.pgoutput.BeginMessage;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.DeleteMessage;
import dev.zero.pgoutput.InsertMessage;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.pgoutput.OriginMessage;
import dev.zero.pgoutput.PgOutputMessage;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.pgoutput.TruncateMessage;
import dev.zero.pgoutput.TupleData;
import dev.zero.pgoutput.TypeMessage;
import dev.zero.pgoutput.UpdateMessage;
import dev.zero.row.RowLayout;

/**
 * Turns decoded pgoutput messages into what listeners receive: begin, changes with typed
 * rows, logical messages and commit. It keeps one row layout per relation description, so
 * that a row costs no more than the bytes it was sent in; it holds no rows itself.
 */
public final class MessageTranslator {

	private final @Nullable String ddlPrefix;

	private final @Nullable String legacyDdlPrefix;

	private final Map<Integer, String> typeNames = new HashMap<>();

	private final Map<RelationMessage, RowLayout> layouts = new IdentityHashMap<>();

	private long xid;

	private @Nullable Instant commitTime;

	private boolean inTransaction;

	/** A translator that knows no DDL messages. */
	public MessageTranslator() {
		this(null, null);
	}

	/**
	 * @param ddlPrefix the prefix of the DDL messages the shard's event triggers emit, turned
	 * into schema changes when they carry the starter's format; {@code null} for none
	 * @param legacyDdlPrefix the prefix earlier versions of the starter used (zero-cache's
	 * too), turned into schema changes only when the message has those versions' shape;
	 * {@code null} for none
	 */
	public MessageTranslator(@Nullable String ddlPrefix, @Nullable String legacyDdlPrefix) {
		this.ddlPrefix = ddlPrefix;
		this.legacyDdlPrefix = legacyDdlPrefix;
	}

	/**
	 * Translates one message; relation and type messages only update what later rows are read
	 * with.
	 * @param message the decoded message
	 * @param lsn where the message starts in the WAL (the XLogData start position)
	 * @param sink where events go
	 */
	public <E extends Exception> void translate(PgOutputMessage message, Lsn lsn, TransactionSink<E> sink) throws E {
		if (message instanceof BeginMessage begin) {
			this.xid = begin.xid();
			this.commitTime = begin.commitTime();
			this.inTransaction = true;
			sink.begin(new Begin(begin.xid(), Lsn.of(begin.finalLsn()), begin.commitTime()));
		}
		else if (message instanceof InsertMessage insert) {
			sink.change(new Insert(layout(insert.relation()).table(), row(insert.relation(), insert.newTuple()), false,
					this.xid, lsn, this.commitTime));
		}
		else if (message instanceof UpdateMessage update) {
			Row old = (update.oldTuple() != null) ? old(update.relation(), update.oldKind(), update.oldTuple()) : null;
			sink.change(new Update(layout(update.relation()).table(), row(update.relation(), update.newTuple()), old,
					this.xid, lsn, this.commitTime));
		}
		else if (message instanceof DeleteMessage delete) {
			sink.change(new Delete(layout(delete.relation()).table(),
					old(delete.relation(), delete.oldKind(), delete.oldTuple()), this.xid, lsn, this.commitTime));
		}
		else if (message instanceof TruncateMessage truncate) {
			sink.change(new Truncate(truncate.relations().stream().map(PublishedSchemas::tableOf).toList(),
					truncate.cascade(), truncate.restartIdentity(), this.xid, lsn, this.commitTime));
		}
		else if (message instanceof LogicalDecodingMessage logical) {
			Optional<PublishedSchemas.DdlMessage> ddl = ddlMessage(logical);
			if (ddl.isPresent()) {
				sink.schemaChange(new SchemaChange(ddl.get().tag(), ddl.get().statement(), ddl.get().before(),
						ddl.get().after(), this.xid, lsn, this.commitTime));
			}
			else {
				sink.message(new LogicalMessage(logical.transactional() ? this.xid : 0, Lsn.of(logical.lsn()),
						logical.transactional(), logical.prefix(), logical.content()));
			}
		}
		else if (message instanceof CommitMessage commit) {
			this.inTransaction = false;
			sink.commit(new Commit(this.xid, Lsn.of(commit.commitLsn()), Lsn.of(commit.endLsn()), commit.commitTime()));
		}
		else if (message instanceof OriginMessage origin) {
			sink.origin(origin.name());
		}
		else if (message instanceof TypeMessage type) {
			this.typeNames.put(type.typeOid(), type.qualifiedName());
		}
		else if (message instanceof RelationMessage relation) {
			this.layouts.keySet().removeIf((known) -> known.relationId() == relation.relationId());
		}
	}

	/**
	 * The starter's DDL message {@code logical} carries, if it is one: a message of another
	 * system with the same prefix (zero-cache's, for one) is an ordinary logical message.
	 */
	private Optional<PublishedSchemas.DdlMessage> ddlMessage(LogicalDecodingMessage logical) {
		if (!logical.transactional()) {
			return Optional.empty();
		}
		boolean current = logical.prefix().equals(this.ddlPrefix);
		if (!current && !logical.prefix().equals(this.legacyDdlPrefix)) {
			return Optional.empty();
		}
		return PublishedSchemas.DdlMessage.parse(new String(logical.content(), StandardCharsets.UTF_8), !current);
	}

	/** Whether a transaction has begun and not yet committed. */
	public boolean inTransaction() {
		return this.inTransaction;
	}

	private Row row(RelationMessage relation, TupleData tuple) {
		return layout(relation).row(new TupleRowValues(tuple));
	}

	private Row old(RelationMessage relation, char kind, TupleData tuple) {
		RowLayout layout = layout(relation);
		return ((kind == UpdateMessage.OLD_KEY) ? layout.keyColumns() : layout).row(new TupleRowValues(tuple));
	}

	private RowLayout layout(RelationMessage relation) {
		RowLayout layout = this.layouts.get(relation);
		if (layout == null) {
			layout = RowLayout.of(PublishedSchemas.tableOf(relation), relation.columns()
				.stream()
				.map((column) -> RowLayout.column(column.name(), column.typeOid(),
						this.typeNames.get(column.typeOid()), column.typeModifier(), column.key()))
				.toList());
			this.layouts.put(relation, layout);
		}
		return layout;
	}

}
