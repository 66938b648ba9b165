package dev.zero.kafka;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.change.Change;
import dev.zero.change.Column;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.kafka.ValueEncoder.Kind;

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

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
		if (change instanceof Insert insert) {
			Operation op = insert.snapshot() ? Operation.READ : Operation.CREATE;
			if (skipped(op)) {
				return List.of();
			}
			Source source = new Source(insert.table(), insert.snapshot(), insert.xid(), insert.lsn(),
					insert.commitTime(), lastCommit);
			TableTypes types = this.catalog.apply(insert.table());
			return List.of(record(insert.table(), key(insert.row(), types), null, insert.row(), source, op, types,
					Map.of()));
		}
		if (change instanceof Update update) {
			if (skipped(Operation.UPDATE)) {
				return List.of();
			}
			Source source = new Source(update.table(), false, update.xid(), update.lsn(), update.commitTime(),
					lastCommit);
			TableTypes types = this.catalog.apply(update.table());
			byte[] key = key(update.row(), types);
			byte[] oldKey = (update.old() != null) ? key(update.old(), types) : key;
			if (!Arrays.equals(key, oldKey)) {
				List<ChangeRecord> records = new ArrayList<>(3);
				records.add(record(update.table(), oldKey, update.old(), null, source, Operation.DELETE, types,
						header(NEW_KEY_HEADER, key)));
				if (this.settings.tombstonesOnDelete()) {
					records.add(new ChangeRecord(topic(update.table()), oldKey, null, Map.of()));
				}
				records.add(record(update.table(), key, null, update.row(), source, Operation.CREATE, types,
						header(OLD_KEY_HEADER, oldKey)));
				return records;
			}
			return List.of(record(update.table(), key, update.old(), update.row(), source, Operation.UPDATE, types,
					Map.of()));
		}
		if (change instanceof Delete delete) {
			if (skipped(Operation.DELETE)) {
				return List.of();
			}
			Source source = new Source(delete.table(), false, delete.xid(), delete.lsn(), delete.commitTime(),
					lastCommit);
			TableTypes types = this.catalog.apply(delete.table());
			byte[] key = key(delete.old(), types);
			ChangeRecord record = record(delete.table(), key, delete.old(), null, source, Operation.DELETE, types,
					Map.of());
			if (!this.settings.tombstonesOnDelete()) {
				return List.of(record);
			}
			return List.of(record, new ChangeRecord(record.topic(), key, null, Map.of()));
		}
		Truncate truncate = (Truncate) change;
		if (skipped(Operation.TRUNCATE)) {
			return List.of();
		}
		List<ChangeRecord> records = new ArrayList<>(truncate.tables().size());
		for (TableName table : truncate.tables()) {
			Source source = new Source(table, false, truncate.xid(), truncate.lsn(), truncate.commitTime(),
					lastCommit);
			records.add(record(table, null, null, null, source, Operation.TRUNCATE, TableTypes.unknown(table),
					Map.of()));
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

	private static Map<String, byte[]> header(String name, byte @Nullable [] value) {
		return (value != null) ? Map.of(name, value) : Map.of();
	}

	/**
	 * The key: the key columns the catalog names, else those the row marks as its replica
	 * identity; {@code null} when there are none.
	 */
	byte @Nullable [] key(Row row, TableTypes types) {
		List<Column> keyColumns = new ArrayList<>();
		for (String name : types.key()) {
			if (!row.has(name)) {
				keyColumns.clear();
				break;
			}
			keyColumns.add(row.column(name));
		}
		if (keyColumns.isEmpty()) {
			for (Column column : row.columns()) {
				if (column.key()) {
					keyColumns.add(column);
				}
			}
		}
		if (keyColumns.isEmpty()) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		try (JsonGenerator json = JSON.createGenerator(bytes)) {
			json.writeStartObject();
			for (Column column : keyColumns) {
				DeclaredColumn declared = types.column(column.name());
				Kind kind = ValueEncoder.kind(column, declared);
				if (kind != Kind.OMITTED) {
					json.writeName(column.name());
					this.values.write(json, row, column, kind, declared);
				}
			}
			json.writeEndObject();
		}
		return bytes.toByteArray();
	}

	private ChangeRecord record(TableName table, byte @Nullable [] key, @Nullable Row before, @Nullable Row after,
			Source source, Operation op, TableTypes types, Map<String, byte[]> headers) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(bytes)) {
			json.writeStartObject();
			json.writeName("before");
			writeRow(json, before, types, true);
			json.writeName("after");
			writeRow(json, after, types, false);
			json.writeName("source");
			writeSource(json, source);
			json.writeName("transaction");
			json.writeNull();
			json.writeName("op");
			json.writeString(op.code());
			Instant now = this.clock.instant();
			long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
			json.writeName("ts_ms");
			json.writeNumber(micros / 1000);
			json.writeName("ts_us");
			json.writeNumber(micros);
			json.writeName("ts_ns");
			json.writeNumber(micros * 1000);
			json.writeEndObject();
		}
		return new ChangeRecord(topic(table), key, bytes.toByteArray(), headers);
	}

	/**
	 * A row in table order. An old row that holds only the key ({@code REPLICA IDENTITY
	 * DEFAULT} or {@code USING INDEX}) has every other column of the table too, as Debezium's
	 * has: NULL, or the zero value of a {@code NOT NULL} column.
	 */
	private void writeRow(JsonGenerator json, @Nullable Row row, TableTypes types, boolean old) {
		if (row == null) {
			json.writeNull();
			return;
		}
		json.writeStartObject();
		boolean keyOnly = old && types.isKnown() && row.columns().size() < types.columns().size();
		if (keyOnly) {
			for (DeclaredColumn declared : types.columns()) {
				if (row.has(declared.name())) {
					Column column = row.column(declared.name());
					Kind kind = ValueEncoder.kind(column, declared);
					if (kind != Kind.OMITTED) {
						json.writeName(column.name());
						this.values.write(json, row, column, kind, declared);
					}
				}
				else {
					Kind kind = ValueEncoder.kind(new Column(declared.name(), declared.typeOid(),
							declared.typeName(), false), declared);
					if (kind != Kind.OMITTED) {
						json.writeName(declared.name());
						this.values.writeMissing(json, kind, declared);
					}
				}
			}
		}
		else {
			for (Column column : row.columns()) {
				DeclaredColumn declared = types.column(column.name());
				Kind kind = ValueEncoder.kind(column, declared);
				if (kind != Kind.OMITTED) {
					json.writeName(column.name());
					this.values.write(json, row, column, kind, declared);
				}
			}
		}
		json.writeEndObject();
	}

	private void writeSource(JsonGenerator json, Source source) {
		long micros = source.commitTime.getEpochSecond() * 1_000_000L + source.commitTime.getNano() / 1000;
		json.writeStartObject();
		json.writeName("version");
		json.writeString(FORMAT_VERSION);
		json.writeName("connector");
		json.writeString("postgresql");
		json.writeName("name");
		json.writeString(this.settings.topicPrefix());
		json.writeName("ts_ms");
		json.writeNumber(micros / 1000);
		json.writeName("snapshot");
		json.writeString(source.snapshot ? "true" : "false");
		json.writeName("db");
		json.writeString(this.settings.database());
		json.writeName("sequence");
		json.writeString("[" + ((source.lastCommit != null) ? "\"" + Long.toUnsignedString(source.lastCommit.value())
				+ "\"" : "null") + ",\"" + Long.toUnsignedString(source.lsn.value()) + "\"]");
		json.writeName("ts_us");
		json.writeNumber(micros);
		json.writeName("ts_ns");
		json.writeNumber(micros * 1000);
		json.writeName("schema");
		json.writeString(source.table.schema());
		json.writeName("table");
		json.writeString(source.table.name());
		json.writeName("txId");
		json.writeNumber(source.xid);
		json.writeName("lsn");
		json.writeNumber(source.lsn.value());
		json.writeName("xmin");
		json.writeNull();
		json.writeName("origin");
		json.writeNull();
		json.writeName("origin_lsn");
		json.writeNull();
		json.writeEndObject();
	}

	private record Source(TableName table, boolean snapshot, long xid, Lsn lsn, Instant commitTime,
			@Nullable Lsn lastCommit) {

	}

}
