package dev.zero.change;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One row change (or truncation) of a committed transaction, as delivered to a
 * {@link ChangeListener}. Implementations are immutable records; a change never refers back
 * to the connection it came from.
 */
public sealed interface Change permits Insert, Update, Delete, Truncate {

	/** The id of the transaction that made the change. */
	long xid();

	/** The position of the change's WAL record. */
	Lsn lsn();

	/** When the change's transaction committed. */
	Instant commitTime();

	/** What kind of change this is. */
	Op op();

	/**
	 * The tables the change is to: the one table of an insert, update or delete, every table a
	 * truncation emptied.
	 * @return the tables, never empty
	 */
	List<TableName> tables();

	/**
	 * The kind of a {@link Change}; {@link #toString()} gives its lower-case name
	 * ({@code insert}).
	 */
	enum Op {

		INSERT, UPDATE, DELETE, TRUNCATE;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
