package dev.zero.replication;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.Lsn;
import dev.zero.change.ResetReason;
import dev.zero.pgoutput.BeginMessage;
import dev.zero.pgoutput.CommitMessage;
import dev.zero.pgoutput.LogicalDecodingMessage;
import dev.zero.pgoutput.PgOutputDecoder;
import dev.zero.pgoutput.PgOutputMessage;
import dev.zero.pgoutput.RelationMessage;
import dev.zero.pgoutput.TypeMessage;

/**
 * One streaming session: reads the stream, decodes it, skips what was delivered already,
 * delivers the rest through {@link SchemaTracking} and acknowledges each transaction after its
 * commit. Between transactions it blocks in the socket read; it ends between transactions
 * when asked to stop or reset (a request closes the idle stream: that is no failure), or when
 * the schema cannot be followed, and says why as a value. Failures (the connection, a
 * listener, the decoder) are exceptions. It runs on the worker thread, the only one that reads
 * the stream and sets its position.
 */
final class StreamSession {

	private static final Logger logger = LoggerFactory.getLogger(StreamSession.class);

	/**
	 * Why a session ended, or why it never streamed ({@link Kind#STANDBY}).
	 *
	 * @param kind what ended it
	 * @param detail for {@link Kind#SCHEMA_CHANGED}, the difference; otherwise {@code null}
	 * @param holder for {@link Kind#STANDBY}, the process that leads the shard or reads the
	 * slot (0 when it is gone already); otherwise 0
	 */
	record End(Kind kind, @Nullable String detail, int holder) {

		End(Kind kind, @Nullable String detail) {
			this(kind, detail, 0);
		}

		/** Another session leads the shard or reads the slot ({@code holder}). */
		static End standby(int holder) {
			return new End(Kind.STANDBY, null, holder);
		}

		enum Kind {

			/** Asked to stop (the transaction in hand finished, or the stop timeout passed). */
			STOPPED,

			/** A reset was requested: the next session starts over. */
			RESET_REQUESTED,

			/** An earlier version's publications were read up to the switch point. */
			PUBLICATIONS_SWITCH,

			/** The stream's relations no longer match the published schema. */
			SCHEMA_CHANGED,

			/**
			 * The server stops: the {@link SlotWatch} closed the idle stream so as not to hold up
			 * its shutdown, and the next session starts at once.
			 */
			SERVER_STOPPING,

			/** Another session leads the shard or reads the slot: stand by, then try again. */
			STANDBY,

			/**
			 * Nothing to deliver for the idle release: {@link IdleRelease} closed the idle stream,
			 * and the worker releases every connection until it is woken.
			 */
			RELEASED

		}

	}

	/** What the session asks the worker about, and tells it. */
	interface Control {

		boolean stopRequested();

		@Nullable ResetReason requestedReset();

		/** The position moved without a delivery (following the idle server). */
		void followed(Lsn flushed);

		/** A transaction was delivered to every listener and acknowledged. */
		void delivered(CommitMessage commit);

		/**
		 * A transaction was handed to the listeners (the targets may still hold it in an open
		 * batch, unacknowledged).
		 */
		void handled(CommitMessage commit);

	}

	private final PGReplicationStream stream;

	private final Connection replication;

	private final SchemaTracking schema;

	private final Delivery delivery;

	private final TableResyncs resyncs;

	private final Acknowledgement acknowledgement;

	private final StreamWake wake;

	private final ReplicationSettings settings;

	private final String wakePrefix;

	private final @Nullable Lsn switchAt;

	private final Control control;

	private final PgOutputDecoder decoder = new PgOutputDecoder();

	/** The last transaction of the targets' open batch, acknowledged when it is committed. */
	private @Nullable CommitMessage batched;

	private final MessageTranslator translator;

	StreamSession(PGReplicationStream stream, Connection replication, SchemaTracking schema, Delivery delivery,
			TableResyncs resyncs, Acknowledgement acknowledgement, StreamWake wake, ReplicationSettings settings, MessageTranslator translator,
			String wakePrefix, @Nullable Lsn switchAt, Control control) {
		this.stream = stream;
		this.replication = replication;
		this.schema = schema;
		this.delivery = delivery;
		this.resyncs = resyncs;
		this.acknowledgement = acknowledgement;
		this.wake = wake;
		this.settings = settings;
		this.translator = translator;
		this.wakePrefix = wakePrefix;
		this.switchAt = switchAt;
		this.control = control;
	}

	/**
	 * Streams until the session ends; the acknowledged position reaches the server before it
	 * returns (the idle stream closed for a stop or reset had sent it already).
	 */
	End run() throws SQLException, ListenerException {
		this.wake.activity();
		try {
			End end = stream();
			if (end.kind() != End.Kind.SCHEMA_CHANGED) {
				this.acknowledgement.report(this.stream);
			}
			return end;
		}
		catch (SQLException ex) {
			if (!this.wake.consumeInterrupted()) {
				throw ex;
			}
			// the idle stream was closed on purpose, after its last acknowledgement went out
			boolean released = this.wake.consumeReleased();
			return new End(this.control.stopRequested() ? End.Kind.STOPPED
					: (this.control.requestedReset() != null) ? End.Kind.RESET_REQUESTED
							: released ? End.Kind.RELEASED : End.Kind.SERVER_STOPPING,
					null);
		}
	}

	private End stream() throws SQLException, ListenerException {
		long stopDeadline = Long.MAX_VALUE;
		boolean skipping = false;
		while (true) {
			ByteBuffer buffer = null;
			if (!this.translator.inTransaction()) {
				End end = betweenTransactions();
				if (end != null) {
					return end;
				}
				if (this.delivery.pending()) {
					// a batch of transactions is open: it grows while more is in hand, and is
					// committed (then acknowledged) as soon as the stream has nothing more
					buffer = this.stream.readPending();
					if (buffer == null) {
						flush();
						continue;
					}
				}
			}
			if (buffer == null && !this.translator.inTransaction()) {
				this.wake.blockingIdle(this.replication, this.acknowledgement.flushed(), this.resyncs.idle());
				if (this.control.stopRequested() || this.control.requestedReset() != null) {
					// asked between the checks above and the block: the interruption may have missed it
					this.wake.returned();
					continue;
				}
			}
			else if (buffer == null) {
				if (this.control.stopRequested()) {
					if (stopDeadline == Long.MAX_VALUE) {
						stopDeadline = System.nanoTime() + this.settings.stopTimeout().toNanos();
					}
					else if (System.nanoTime() > stopDeadline) {
						logger.warn("zero: stopping without finishing the transaction in hand; it will be "
								+ "delivered again after the restart");
						return new End(End.Kind.STOPPED, null);
					}
				}
				this.wake.blockingBusy(this.replication);
			}
			if (buffer == null) {
				try {
					buffer = this.stream.read();
				}
				finally {
					this.wake.returned();
				}
			}
			if (buffer == null) {
				throw new SQLException("the server ended the replication stream", "08006");
			}
			Lsn lsn = Lsn.of(this.stream.getLastReceiveLSN().asLong());
			PgOutputMessage message = this.decoder.decode(buffer);
			Lsn flushed = this.acknowledgement.flushed();
			if (message instanceof LogicalDecodingMessage logical && !logical.transactional()
					&& (Long.compareUnsigned(logical.lsn(), flushed.value()) <= 0
							|| this.wakePrefix.equals(logical.prefix()))) {
				// already delivered, or the watch's wake-up: the loop follows the server next
				continue;
			}
			if (message instanceof BeginMessage begin) {
				// A transaction the server sends again although it was acknowledged (the
				// acknowledgement had not reached the server yet) is not delivered twice.
				skipping = Long.compareUnsigned(begin.finalLsn(), flushed.value()) < 0;
			}
			if (message instanceof RelationMessage relation) {
				this.schema.relation(relation);
			}
			else if (skipping && !(message instanceof TypeMessage)) {
				if (message instanceof CommitMessage) {
					skipping = false;
				}
				continue;
			}
			if (this.schema.resetReason() == null) {
				this.translator.translate(message, lsn, this.schema);
			}
			if (this.schema.resetReason() != null) {
				return new End(End.Kind.SCHEMA_CHANGED, this.schema.resetReason());
			}
			if (message instanceof CommitMessage commit) {
				this.wake.activity();
				this.schema.committed();
				this.control.handled(commit);
				if (this.delivery.pending()) {
					this.batched = commit;
				}
				else {
					// delivered to every listener, and committed by every target (a batch that
					// held it was committed with it)
					delivered(commit);
				}
			}
		}
	}

	/** Commits the open batch of the targets, then acknowledges what it held. */
	private void flush() throws ListenerException, SQLException {
		this.delivery.flush();
		CommitMessage last = this.batched;
		if (last != null) {
			this.batched = null;
			delivered(last);
		}
	}

	private void delivered(CommitMessage commit) throws SQLException {
		this.acknowledgement.delivered(this.stream, Lsn.of(commit.endLsn()));
		this.control.delivered(commit);
		this.resyncs.acknowledged(Lsn.of(commit.endLsn()));
		if (this.acknowledgement.reportDue()) {
			// busy: coalesced, at most one status update per 100 ms
			this.acknowledgement.report(this.stream);
		}
	}

	/** The checks between transactions; the session's end, or {@code null} to go on. */
	private @Nullable End betweenTransactions() throws SQLException, ListenerException {
		if (this.control.requestedReset() != null || this.control.stopRequested()) {
			flush();
		}
		if (this.control.requestedReset() != null) {
			return new End(End.Kind.RESET_REQUESTED, null);
		}
		if (this.control.stopRequested()) {
			return new End(End.Kind.STOPPED, null);
		}
		if (!this.delivery.pending()) {
			// nothing in hand: what the server sent was handled (not while a batch is open)
			if (this.acknowledgement.followServer(this.stream)) {
				this.control.followed(this.acknowledgement.flushed());
			}
			if (this.acknowledgement.unreported()) {
				this.acknowledgement.report(this.stream);
			}
		}
		if (this.switchAt != null && this.acknowledgement.flushed().compareTo(this.switchAt) >= 0) {
			return new End(End.Kind.PUBLICATIONS_SWITCH, null);
		}
		// the next chunk of a table re-read, if one is due: its watermarks arrive next
		this.resyncs.between();
		return null;
	}

}
