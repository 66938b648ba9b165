package dev.zero.pgoutput;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the messages of the {@code pgoutput} plugin ({@code proto_version '1'},
 * {@code messages 'true'}) one at a time, remembering each table's latest
 * {@link RelationMessage} so that data messages come out with their table resolved. It does
 * no I/O and is not thread-safe: one decoder per replication stream.
 * <p>
 * Two assumptions hold for every decoded message:
 * <ul>
 * <li>Strings and text values are UTF-8. PostgreSQL converts them to the client encoding of
 * the session running the plugin, and pgjdbc always sets {@code client_encoding} to
 * {@code UTF8}.</li>
 * <li>The bytes are not changed after decoding. {@link TupleData} and the messages holding it
 * point into the array the message was decoded from, to avoid copying every value. pgjdbc's
 * {@code PGReplicationStream.read()} returns a buffer over a fresh array for each message,
 * which satisfies this; a caller that reuses its buffer must pass a copy.</li>
 * </ul>
 * Streaming ({@code proto_version '2'}) and two-phase ({@code '3'}) messages are rejected
 * rather than skipped, since skipping them would lose changes.
 */
public final class PgOutputDecoder {

	private final Map<Integer, RelationMessage> relations = new HashMap<>();

	// Changes to one table tend to come in runs; this spares the map lookup and the boxing.
	private @Nullable RelationMessage lastRelation;

	/**
	 * Decodes the message between the buffer's position and limit, leaving the buffer's
	 * position unchanged. A heap buffer's array is used in place (see the class
	 * description); a direct or read-only buffer is copied first.
	 * @param buffer one complete pgoutput message
	 * @return the decoded message
	 * @throws PgOutputException if the message cannot be decoded
	 */
	public PgOutputMessage decode(ByteBuffer buffer) {
		if (buffer.hasArray()) {
			return decode(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
		}
		byte[] copy = new byte[buffer.remaining()];
		buffer.duplicate().get(copy);
		return decode(copy, 0, copy.length);
	}

	/**
	 * Decodes one message held in the whole array.
	 * @param message one complete pgoutput message
	 * @return the decoded message
	 * @throws PgOutputException if the message cannot be decoded
	 */
	public PgOutputMessage decode(byte[] message) {
		return decode(message, 0, message.length);
	}

	/**
	 * Decodes one message held in {@code length} bytes of {@code bytes} from {@code offset}.
	 * @param bytes the array holding the message, used in place
	 * @param offset where the message starts
	 * @param length the message's length
	 * @return the decoded message
	 * @throws PgOutputException if the message cannot be decoded
	 */
	public PgOutputMessage decode(byte[] bytes, int offset, int length) {
		MessageReader reader = new MessageReader(bytes, offset, length);
		if (!reader.hasRemaining()) {
			throw new PgOutputException("Empty pgoutput message: expected at least a message type byte");
		}
		byte type = reader.readByte("message type");
		PgOutputMessage message = switch (type) {
			case 'B' -> readBegin(reader);
			case 'C' -> readCommit(reader);
			case 'O' -> readOrigin(reader);
			case 'R' -> readRelation(reader);
			case 'Y' -> readType(reader);
			case 'I' -> readInsert(reader);
			case 'U' -> readUpdate(reader);
			case 'D' -> readDelete(reader);
			case 'T' -> readTruncate(reader);
			case 'M' -> readMessage(reader);
			default -> throw unknownType(type);
		};
		if (reader.hasRemaining()) {
			throw reader.malformed(reader.remaining() + " bytes left over after the last field; "
					+ "was the stream started with a proto_version other than 1?");
		}
		return message;
	}

	/** The latest description of the table with OID {@code relationId}, if one was decoded. */
	public Optional<RelationMessage> relation(int relationId) {
		return Optional.ofNullable(this.relations.get(relationId));
	}

	/**
	 * Forgets every table description. PostgreSQL describes each table again in a new
	 * replication session, so a stream that reconnects can start from a clean cache.
	 */
	public void clear() {
		this.relations.clear();
		this.lastRelation = null;
	}

	private BeginMessage readBegin(MessageReader reader) {
		reader.messageName("Begin");
		long finalLsn = reader.readLong("final LSN");
		long commitTime = reader.readLong("commit timestamp");
		long xid = reader.readInt("xid") & 0xFFFFFFFFL;
		return new BeginMessage(finalLsn, commitTime, xid);
	}

	private CommitMessage readCommit(MessageReader reader) {
		reader.messageName("Commit");
		int flags = reader.readByte("flags") & 0xFF;
		long commitLsn = reader.readLong("commit LSN");
		long endLsn = reader.readLong("end LSN");
		long commitTime = reader.readLong("commit timestamp");
		return new CommitMessage(flags, commitLsn, endLsn, commitTime);
	}

	private OriginMessage readOrigin(MessageReader reader) {
		reader.messageName("Origin");
		long lsn = reader.readLong("origin LSN");
		return new OriginMessage(lsn, reader.readString("origin name"));
	}

	private RelationMessage readRelation(MessageReader reader) {
		reader.messageName("Relation");
		int relationId = reader.readInt("relation id");
		String namespace = reader.readString("namespace");
		String name = reader.readString("relation name");
		char replicaIdentity = (char) (reader.readByte("replica identity") & 0xFF);
		int count = reader.readUnsignedShort("column count");
		List<RelationColumn> columns = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			boolean key = (reader.readByte("column flags") & 1) != 0;
			String columnName = reader.readString("column name");
			int typeOid = reader.readInt("column type OID");
			int typeModifier = reader.readInt("column type modifier");
			columns.add(new RelationColumn(key, columnName, typeOid, typeModifier));
		}
		RelationMessage relation = new RelationMessage(relationId, namespace, name, replicaIdentity, columns);
		this.relations.put(relationId, relation);
		if (this.lastRelation != null && this.lastRelation.relationId() == relationId) {
			this.lastRelation = relation;
		}
		return relation;
	}

	private TypeMessage readType(MessageReader reader) {
		reader.messageName("Type");
		int typeOid = reader.readInt("type OID");
		String namespace = reader.readString("namespace");
		return new TypeMessage(typeOid, namespace, reader.readString("type name"));
	}

	private InsertMessage readInsert(MessageReader reader) {
		reader.messageName("Insert");
		RelationMessage relation = resolve(reader.readInt("relation id"), "Insert");
		expectTupleMarker(reader, 'N', "new tuple");
		return new InsertMessage(relation, readTuple(reader, relation));
	}

	private UpdateMessage readUpdate(MessageReader reader) {
		reader.messageName("Update");
		RelationMessage relation = resolve(reader.readInt("relation id"), "Update");
		byte marker = reader.readByte("tuple marker");
		TupleData oldTuple = null;
		char oldKind = UpdateMessage.NO_OLD_TUPLE;
		if (marker == 'K' || marker == 'O') {
			oldKind = (char) marker;
			oldTuple = readTuple(reader, relation);
			marker = reader.readByte("tuple marker");
		}
		if (marker != 'N') {
			throw reader.malformed("expected 'N' before the new tuple but found " + describeByte(marker));
		}
		return new UpdateMessage(relation, oldTuple, oldKind, readTuple(reader, relation));
	}

	private DeleteMessage readDelete(MessageReader reader) {
		reader.messageName("Delete");
		RelationMessage relation = resolve(reader.readInt("relation id"), "Delete");
		byte marker = reader.readByte("tuple marker");
		if (marker != 'K' && marker != 'O') {
			throw reader.malformed("expected 'K' or 'O' before the old tuple but found " + describeByte(marker));
		}
		return new DeleteMessage(relation, (char) marker, readTuple(reader, relation));
	}

	private TruncateMessage readTruncate(MessageReader reader) {
		reader.messageName("Truncate");
		int count = reader.readInt("relation count");
		int options = reader.readByte("options") & 0xFF;
		if (count < 0 || count > reader.remaining() / 4) {
			throw reader.malformed("relation count " + count + " does not match the " + reader.remaining()
					+ " bytes of relation ids that follow");
		}
		List<RelationMessage> relations = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			relations.add(resolve(reader.readInt("relation id"), "Truncate"));
		}
		return new TruncateMessage((options & 1) != 0, (options & 2) != 0, relations);
	}

	private LogicalDecodingMessage readMessage(MessageReader reader) {
		reader.messageName("logical decoding Message");
		boolean transactional = (reader.readByte("flags") & 1) != 0;
		long lsn = reader.readLong("LSN");
		String prefix = reader.readString("prefix");
		int length = reader.readInt("content length");
		return new LogicalDecodingMessage(transactional, lsn, prefix, reader.readBytes(length, "content"));
	}

	private TupleData readTuple(MessageReader reader, RelationMessage relation) {
		TupleData tuple = TupleData.read(reader);
		if (tuple.size() != relation.columns().size()) {
			throw reader.malformed("the tuple has " + tuple.size() + " columns but the last Relation message for "
					+ relation.namespace() + "." + relation.name() + " described " + relation.columns().size());
		}
		return tuple;
	}

	private void expectTupleMarker(MessageReader reader, char expected, String what) {
		byte marker = reader.readByte("tuple marker");
		if (marker != expected) {
			throw reader.malformed(
					"expected '" + expected + "' before the " + what + " but found " + describeByte(marker));
		}
	}

	private RelationMessage resolve(int relationId, String messageName) {
		RelationMessage last = this.lastRelation;
		if (last != null && last.relationId() == relationId) {
			return last;
		}
		RelationMessage relation = this.relations.get(relationId);
		if (relation == null) {
			throw new PgOutputException(messageName + " message for relation " + Integer.toUnsignedString(relationId)
					+ " before any Relation message described it; the decoder must see the stream from its start "
					+ "(PostgreSQL describes each table once per replication session)");
		}
		this.lastRelation = relation;
		return relation;
	}

	private static PgOutputException unknownType(byte type) {
		String hint = switch (type) {
			case 'S', 'E', 'c', 'A' -> "; it is a streaming message of proto_version 2, which this decoder does not "
					+ "request (start the stream with proto_version '1' and without streaming)";
			case 'b', 'P', 'K', 'r', 'p' -> "; it is a two-phase commit message of proto_version 3, which this "
					+ "decoder does not request (start the stream without two_phase)";
			default -> "";
		};
		return new PgOutputException("Unknown pgoutput message type " + describeByte(type) + hint);
	}

	private static String describeByte(byte value) {
		int unsigned = value & 0xFF;
		String hex = String.format("0x%02X", unsigned);
		return (unsigned >= 0x20 && unsigned < 0x7F) ? "'" + (char) unsigned + "' (" + hex + ")" : hex;
	}

}
