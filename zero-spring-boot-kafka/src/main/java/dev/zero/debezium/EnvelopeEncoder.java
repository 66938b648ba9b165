package dev.zero.debezium;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

import dev.zero.change.Change;
import dev.zero.change.Column;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.debezium.ValueEncoder.Kind;

/**
 * Turns changes into the records Debezium's PostgreSQL connector would publish for them, as
 * its JSON converter writes them with {@code schemas.enable=false}: the key (the key columns
 * as an object) and the envelope {@code {before, after, source, transaction, op, ts_ms, ts_us,
 * ts_ns}}. An insert is {@code c} ({@code r} when copied by an initial sync), an update
 * {@code u} (with the old row as {@code before} under {@code REPLICA IDENTITY FULL}), a delete
 * {@code d} followed by a tombstone; an update that changes the key is a delete of the old key,
 * its tombstone and a create of the new one, with the headers {@code __debezium.newkey} and
 * {@code __debezium.oldkey}; a truncate is {@code t} for each table, when not skipped.
 */
public final class EnvelopeEncoder {

	/** The Debezium release whose format the envelopes reproduce, in {@code source.version}. */
	public static final String FORMAT_VERSION = "3.6.1.Final";

	/** The header Debezium puts on the delete of a key change: the new key. */
	public static final String NEW_KEY_HEADER = "__debezium.newkey";

	/** The header Debezium puts on the create of a key change: the old key. */
	public static final String OLD_KEY_HEADER = "__debezium.oldkey";

	/** Root values one after the other with nothing between them: one generator writes every record. */
	private static final JsonFactory JSON = JsonFactory.builder()
		.recyclerPool(JsonRecyclerPools.nonRecyclingPool())
		.rootValueSeparator("")
		.build();

	private static final SerializableString BEFORE = new SerializedString("before");

	private static final SerializableString AFTER = new SerializedString("after");

	private static final SerializableString SOURCE = new SerializedString("source");

	private static final SerializableString TRANSACTION = new SerializedString("transaction");

	private static final SerializableString OP = new SerializedString("op");

	private static final SerializableString TS_MS = new SerializedString("ts_ms");

	private static final SerializableString TS_US = new SerializedString("ts_us");

	private static final SerializableString TS_NS = new SerializedString("ts_ns");

	private static final SerializableString VERSION = new SerializedString("version");

	private static final SerializableString VERSION_VALUE = new SerializedString(FORMAT_VERSION);

	private static final SerializableString CONNECTOR = new SerializedString("connector");

	private static final SerializableString POSTGRESQL = new SerializedString("postgresql");

	private static final SerializableString NAME = new SerializedString("name");

	private static final SerializableString SNAPSHOT = new SerializedString("snapshot");

	private static final SerializableString TRUE = new SerializedString("true");

	private static final SerializableString FALSE = new SerializedString("false");

	private static final SerializableString INCREMENTAL = new SerializedString("incremental");

	private static final SerializableString DB = new SerializedString("db");

	private static final SerializableString SEQUENCE = new SerializedString("sequence");

	private static final SerializableString SCHEMA = new SerializedString("schema");

	private static final SerializableString TABLE = new SerializedString("table");

	private static final SerializableString TX_ID = new SerializedString("txId");

	private static final SerializableString LSN = new SerializedString("lsn");

	private static final SerializableString XMIN = new SerializedString("xmin");

	private static final SerializableString ORIGIN = new SerializedString("origin");

	private static final SerializableString ORIGIN_LSN = new SerializedString("origin_lsn");

	private static final Map<Operation, SerializableString> OPS = new EnumMap<>(Operation.class);

	static {
		for (Operation op : Operation.values()) {
			OPS.put(op, new SerializedString(op.code()));
		}
	}

	private final SerializableString topicPrefix;

	private final SerializableString database;

	/** What is worked out once per table and row layout: topic, names, encodings. */
	private final Map<TableName, TablePlan> plans = new HashMap<>();

	/** Where the generator writes; each record's bytes are taken out and it starts over. */
	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

	private JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), this.buffer);

	private final EnvelopeSettings settings;

	private final Function<TableName, TableTypes> catalog;

	private final ValueEncoder values;

	private final Clock clock;

	/**
	 * @param settings the connector options
	 * @param catalog what the catalog declares about a table
	 * @param clock the clock of the envelope's {@code ts_ms}, when the record was made
	 */
	public EnvelopeEncoder(EnvelopeSettings settings, Function<TableName, TableTypes> catalog, Clock clock) {
		this.settings = settings;
		this.catalog = catalog;
		this.values = new ValueEncoder(settings);
		this.clock = clock;
		this.topicPrefix = new SerializedString(settings.topicPrefix());
		this.database = new SerializedString(settings.database());
	}

	public EnvelopeSettings settings() {
		return this.settings;
	}

	/**
	 * The records of one change, in the order they are to be published.
	 * @param change the change
	 * @param lastCommit the end of the last source transaction published before this one, for
	 * {@code source.sequence}, or {@code null}
	 * @return the records, none when the change's operation is skipped
	 */
	public List<ChangeRecord> encode(Change change, @Nullable Lsn lastCommit) {
		return encode(change, lastCommit, false);
	}

	/**
	 * The records of one change, in the order they are to be published.
	 * @param change the change
	 * @param lastCommit the end of the last source transaction published before this one, for
	 * {@code source.sequence}, or {@code null}
	 * @param incremental whether a snapshot row comes from a table re-read while streaming
	 * ({@code source.snapshot} {@code incremental}, as Debezium's incremental snapshots) rather
	 * than from an initial sync ({@code true})
	 * @return the records, none when the change's operation is skipped
	 */
	public List<ChangeRecord> encode(Change change, @Nullable Lsn lastCommit, boolean incremental) {
		if (change instanceof Insert insert) {
			Operation op = insert.snapshot() ? Operation.READ : Operation.CREATE;
			if (skipped(op)) {
				return List.of();
			}
			TablePlan plan = plan(insert.table());
			SerializableString snapshot = !insert.snapshot() ? FALSE : incremental ? INCREMENTAL : TRUE;
			Source source = new Source(plan, snapshot, insert.xid(), insert.lsn(), insert.commitTime(), lastCommit);
			ValueSource values = insert.snapshot() ? ValueSource.SNAPSHOT : ValueSource.STREAM;
			return List.of(record(plan, key(insert.row(), plan, values), null, insert.row(), source, values, op,
					Map.of()));
		}
		if (change instanceof Update update) {
			if (skipped(Operation.UPDATE)) {
				return List.of();
			}
			TablePlan plan = plan(update.table());
			Source source = new Source(plan, FALSE, update.xid(), update.lsn(), update.commitTime(), lastCommit);
			byte[] key = key(update.row(), plan, ValueSource.STREAM);
			byte[] oldKey = (update.old() != null) ? key(update.old(), plan, ValueSource.STREAM) : key;
			if (!Arrays.equals(key, oldKey)) {
				List<ChangeRecord> records = new ArrayList<>(3);
				records.add(record(plan, oldKey, update.old(), null, source, ValueSource.STREAM, Operation.DELETE,
						header(NEW_KEY_HEADER, key)));
				if (this.settings.tombstonesOnDelete()) {
					records.add(new ChangeRecord(plan.topic, oldKey, null, Map.of()));
				}
				records.add(record(plan, key, null, update.row(), source, ValueSource.STREAM, Operation.CREATE,
						header(OLD_KEY_HEADER, oldKey)));
				return records;
			}
			return List.of(record(plan, key, update.old(), update.row(), source, ValueSource.STREAM, Operation.UPDATE,
					Map.of()));
		}
		if (change instanceof Delete delete) {
			if (skipped(Operation.DELETE)) {
				return List.of();
			}
			TablePlan plan = plan(delete.table());
			Source source = new Source(plan, FALSE, delete.xid(), delete.lsn(), delete.commitTime(), lastCommit);
			byte[] key = key(delete.old(), plan, ValueSource.STREAM);
			ChangeRecord record = record(plan, key, delete.old(), null, source, ValueSource.STREAM, Operation.DELETE,
					Map.of());
			if (!this.settings.tombstonesOnDelete()) {
				return List.of(record);
			}
			return List.of(record, new ChangeRecord(plan.topic, key, null, Map.of()));
		}
		Truncate truncate = (Truncate) change;
		if (skipped(Operation.TRUNCATE)) {
			return List.of();
		}
		List<ChangeRecord> records = new ArrayList<>(truncate.tables().size());
		for (TableName table : truncate.tables()) {
			TablePlan plan = plan(table);
			Source source = new Source(plan, FALSE, truncate.xid(), truncate.lsn(), truncate.commitTime(), lastCommit);
			records.add(record(plan, null, null, null, source, ValueSource.STREAM, Operation.TRUNCATE, Map.of()));
		}
		return records;
	}

	/** The topic of a table's records. */
	public String topic(TableName table) {
		return TopicNames.table(this.settings.topicPrefix(), table);
	}

	private boolean skipped(Operation op) {
		return this.settings.skippedOperations().contains(op);
	}

	private TablePlan plan(TableName table) {
		TableTypes types = this.catalog.apply(table);
		TablePlan plan = this.plans.get(table);
		if (plan == null || plan.types != types) {
			plan = new TablePlan(table, topic(table), types);
			this.plans.put(table, plan);
		}
		return plan;
	}

	private static Map<String, byte[]> header(String name, byte @Nullable [] value) {
		return (value != null) ? Map.of(name, value) : Map.of();
	}

	/**
	 * The key: the key columns the catalog names, else those the row marks as its replica
	 * identity; {@code null} when there are none.
	 */
	private byte @Nullable [] key(Row row, TablePlan table, ValueSource source) {
		RowPlan plan = table.rowPlan(row.columns());
		if (plan.key.length == 0) {
			return null;
		}
		JsonGenerator json = this.json;
		try {
			json.writeStartObject();
			for (int i : plan.key) {
				if (plan.kinds[i] != Kind.OMITTED) {
					json.writeName(plan.names[i]);
					this.values.write(json, row, plan.columns.get(i), plan.kinds[i], plan.declared[i], source);
				}
			}
			json.writeEndObject();
			return written();
		}
		catch (RuntimeException ex) {
			startOver();
			throw ex;
		}
	}

	/** The record the generator wrote since the last one. */
	private byte[] written() {
		this.json.flush();
		byte[] bytes = this.buffer.toByteArray();
		this.buffer.reset();
		return bytes;
	}

	/** A new generator, after a value that could not be written left the last one inside a record. */
	private void startOver() {
		this.buffer.reset();
		this.json = JSON.createGenerator(ObjectWriteContext.empty(), this.buffer);
	}

	private ChangeRecord record(TablePlan table, byte @Nullable [] key, @Nullable Row before, @Nullable Row after,
			Source source, ValueSource values, Operation op, Map<String, byte[]> headers) {
		JsonGenerator json = this.json;
		try {
			json.writeStartObject();
			json.writeName(BEFORE);
			writeRow(json, before, table, true, values);
			json.writeName(AFTER);
			writeRow(json, after, table, false, values);
			json.writeName(SOURCE);
			writeSource(json, source);
			json.writeName(TRANSACTION);
			json.writeNull();
			json.writeName(OP);
			json.writeString(OPS.get(op));
			Instant now = this.clock.instant();
			long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
			json.writeName(TS_MS);
			json.writeNumber(micros / 1000);
			json.writeName(TS_US);
			json.writeNumber(micros);
			json.writeName(TS_NS);
			json.writeNumber(micros * 1000);
			json.writeEndObject();
			return new ChangeRecord(table.topic, key, written(), headers);
		}
		catch (RuntimeException ex) {
			startOver();
			throw ex;
		}
	}

	/**
	 * A row in table order. An old row that holds only the key ({@code REPLICA IDENTITY
	 * DEFAULT} or {@code USING INDEX}) has every other column of the table too, as Debezium's
	 * has: NULL, or the zero value of a {@code NOT NULL} column.
	 */
	private void writeRow(JsonGenerator json, @Nullable Row row, TablePlan table, boolean old, ValueSource source) {
		if (row == null) {
			json.writeNull();
			return;
		}
		json.writeStartObject();
		RowPlan plan = table.rowPlan(row.columns());
		boolean keyOnly = old && table.types.isKnown() && row.columns().size() < table.types.columns().size();
		if (keyOnly) {
			RowPlan all = table.declaredPlan();
			for (int i = 0; i < all.names.length; i++) {
				if (all.kinds[i] == Kind.OMITTED) {
					continue;
				}
				json.writeName(all.names[i]);
				int index = plan.indexOf(all.columns.get(i).name());
				if (index >= 0) {
					this.values.write(json, row, plan.columns.get(index), plan.kinds[index], plan.declared[index],
							source);
				}
				else {
					this.values.writeMissing(json, all.kinds[i], all.declared[i]);
				}
			}
		}
		else {
			for (int i = 0; i < plan.names.length; i++) {
				if (plan.kinds[i] != Kind.OMITTED) {
					json.writeName(plan.names[i]);
					this.values.write(json, row, plan.columns.get(i), plan.kinds[i], plan.declared[i], source);
				}
			}
		}
		json.writeEndObject();
	}

	private void writeSource(JsonGenerator json, Source source) {
		long micros = source.commitTime.getEpochSecond() * 1_000_000L + source.commitTime.getNano() / 1000;
		json.writeStartObject();
		json.writeName(VERSION);
		json.writeString(VERSION_VALUE);
		json.writeName(CONNECTOR);
		json.writeString(POSTGRESQL);
		json.writeName(NAME);
		json.writeString(this.topicPrefix);
		json.writeName(TS_MS);
		json.writeNumber(micros / 1000);
		json.writeName(SNAPSHOT);
		json.writeString(source.snapshot);
		json.writeName(DB);
		json.writeString(this.database);
		json.writeName(SEQUENCE);
		json.writeString(sequence(source));
		json.writeName(TS_US);
		json.writeNumber(micros);
		json.writeName(TS_NS);
		json.writeNumber(micros * 1000);
		json.writeName(SCHEMA);
		json.writeString(source.table.schema);
		json.writeName(TABLE);
		json.writeString(source.table.name);
		json.writeName(TX_ID);
		json.writeNumber(source.xid);
		json.writeName(LSN);
		json.writeNumber(source.lsn.value());
		json.writeName(XMIN);
		json.writeNull();
		json.writeName(ORIGIN);
		json.writeNull();
		json.writeName(ORIGIN_LSN);
		json.writeNull();
		json.writeEndObject();
	}

	/** Debezium's {@code ["last commit","lsn"]}, as text. */
	private static String sequence(Source source) {
		StringBuilder sequence = new StringBuilder(48).append('[');
		if (source.lastCommit != null) {
			sequence.append('"').append(Long.toUnsignedString(source.lastCommit.value())).append('"');
		}
		else {
			sequence.append("null");
		}
		return sequence.append(",\"").append(Long.toUnsignedString(source.lsn.value())).append("\"]").toString();
	}

	private record Source(TablePlan table, SerializableString snapshot, long xid, Lsn lsn, Instant commitTime,
			@Nullable Lsn lastCommit) {

	}

	/** A table's topic and names, and the plans of the row layouts seen for it. */
	private static final class TablePlan {

		final String topic;

		final TableTypes types;

		final SerializableString schema;

		final SerializableString name;

		private final Map<List<Column>, RowPlan> rows = new IdentityHashMap<>();

		private @Nullable RowPlan declared;

		TablePlan(TableName table, String topic, TableTypes types) {
			this.topic = topic;
			this.types = types;
			this.schema = new SerializedString(table.schema());
			this.name = new SerializedString(table.name());
		}

		/** The plan of rows with these columns (a layout's list: the same instance for its rows). */
		RowPlan rowPlan(List<Column> columns) {
			RowPlan plan = this.rows.get(columns);
			if (plan == null) {
				if (this.rows.size() > 64) {
					// layouts of earlier schemas
					this.rows.clear();
				}
				plan = new RowPlan(columns, this.types);
				this.rows.put(columns, plan);
			}
			return plan;
		}

		/** The plan of every column the catalog declares, for the old rows that hold only the key. */
		RowPlan declaredPlan() {
			RowPlan plan = this.declared;
			if (plan == null) {
				plan = new RowPlan(this.types.columns()
					.stream()
					.map((column) -> new Column(column.name(), column.typeOid(), column.typeName(),
							column.typeModifier(), false))
					.toList(), this.types);
				this.declared = plan;
			}
			return plan;
		}

	}

	/** The columns of a row layout with their names, encodings and declarations. */
	private static final class RowPlan {

		final List<Column> columns;

		final SerializableString[] names;

		final Kind[] kinds;

		final @Nullable DeclaredColumn[] declared;

		/** The positions of the key columns. */
		final int[] key;

		RowPlan(List<Column> columns, TableTypes types) {
			this.columns = columns;
			this.names = new SerializableString[columns.size()];
			this.kinds = new Kind[columns.size()];
			this.declared = new DeclaredColumn[columns.size()];
			for (int i = 0; i < columns.size(); i++) {
				Column column = columns.get(i);
				this.names[i] = new SerializedString(column.name());
				this.declared[i] = DeclaredColumn.of(column, types.column(column.name()));
				this.kinds[i] = ValueEncoder.kind(column, this.declared[i]);
			}
			this.key = keyPositions(columns, types);
		}

		/** The key columns the catalog names when the row has them all, else the row's replica identity. */
		private static int[] keyPositions(List<Column> columns, TableTypes types) {
			List<Integer> positions = new ArrayList<>();
			for (String name : types.key()) {
				int index = indexOf(columns, name);
				if (index < 0) {
					positions.clear();
					break;
				}
				positions.add(index);
			}
			if (positions.isEmpty()) {
				for (int i = 0; i < columns.size(); i++) {
					if (columns.get(i).key()) {
						positions.add(i);
					}
				}
			}
			return positions.stream().mapToInt(Integer::intValue).toArray();
		}

		int indexOf(String name) {
			return indexOf(this.columns, name);
		}

		private static int indexOf(List<Column> columns, String name) {
			for (int i = 0; i < columns.size(); i++) {
				if (columns.get(i).name().equals(name)) {
					return i;
				}
			}
			return -1;
		}

	}

}
