package dev.zero.replication;

import java.time.Instant;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.ResyncComplete;
import dev.zero.change.ResyncStart;
import dev.zero.change.SchemaChange;

/**
 * Follows the {@link TableResyncs re-syncs} through the stream: every change goes by the chunk
 * between its watermarks, which drops the rows the change supersedes; a chunk's low watermark
 * starts its table's re-sync (the first time), and its high watermark delivers the chunk's rows
 * as snapshot inserts, outside the stream's transactions. The watermarks' own transactions are
 * the starter's and are never delivered. It comes before the {@link OwnWritesFilter}: the
 * listeners' own writes change rows a chunk may hold too.
 */
final class ResyncWatermarks implements TransactionSink<ListenerException> {

	private final TableResyncs resyncs;

	private final OwnWritesFilter next;

	ResyncWatermarks(TableResyncs resyncs, OwnWritesFilter next) {
		this.resyncs = resyncs;
		this.next = next;
	}

	@Override
	public void begin(Begin begin) throws ListenerException {
		this.next.begin(begin);
	}

	@Override
	public void origin(String name) throws ListenerException {
		this.next.origin(name);
	}

	@Override
	public void message(LogicalMessage message) throws ListenerException {
		if (!this.resyncs.isWatermark(message)) {
			this.next.message(message);
			return;
		}
		// the watermarks' transactions are the starter's: never delivered as transactions
		this.next.holdBack();
		TableResyncs.Watermark watermark = this.resyncs.watermark(message, Instant.now());
		TableResyncs.Progress progress = watermark.progress();
		if (progress == null || watermark.table() == null) {
			return;
		}
		if (watermark.kind() == TableResyncs.Watermark.Kind.LOW && !progress.started) {
			ResyncStart start = new ResyncStart(watermark.table(), progress.requestedAt);
			this.next.outside((listeners) -> listeners.resyncStart(start));
		}
		if (watermark.kind() == TableResyncs.Watermark.Kind.HIGH) {
			for (Insert row : watermark.rows()) {
				this.next.outside((listeners) -> listeners.change(row));
			}
			if (progress.complete) {
				ResyncComplete complete = new ResyncComplete(watermark.table(), progress.rows, progress.chunks);
				this.next.outside((listeners) -> listeners.resyncComplete(complete));
			}
		}
	}

	@Override
	public void change(Change change) throws ListenerException {
		this.resyncs.touched(change);
		this.next.change(change);
	}

	@Override
	public void schemaChange(SchemaChange change) throws ListenerException {
		this.next.schemaChange(change);
	}

	@Override
	public void commit(Commit commit) throws ListenerException {
		this.next.commit(commit);
		this.resyncs.committed(commit.endLsn());
	}

}
