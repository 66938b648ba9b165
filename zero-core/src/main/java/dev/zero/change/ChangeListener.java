package dev.zero.change;

/**
 * Receives the changes of committed transactions in commit order: {@link #onBegin}, then
 * {@link #onChange} and {@link #onMessage} in the order they happened, then
 * {@link #onCommit}; a non-transactional message arrives on its own, outside any transaction.
 * After a {@link #onReset reset}, every existing row arrives as a snapshot {@link Insert},
 * then {@link #onSyncComplete}, then the stream continues.
 * Applications implement it to react to changes in their database (or annotate methods of any
 * bean with {@link ZeroListener @ZeroListener}, each of which becomes one). Every method but
 * {@link #onChange} has a no-op default so that callbacks can be added later (for resets,
 * the end of an initial sync, schema changes) without breaking existing listeners.
 */
public interface ChangeListener {

	/**
	 * Called before the first change of a transaction.
	 * @param begin the transaction
	 * @throws Exception if the transaction cannot be handled
	 */
	default void onBegin(Begin begin) throws Exception {
	}

	/**
	 * Called for each change to a table that {@link #tables()} matches.
	 * @param change the change
	 * @throws Exception if the change cannot be handled
	 */
	void onChange(Change change) throws Exception;

	/**
	 * Called for each message emitted with {@code pg_logical_emit_message}.
	 * @param message the message
	 * @throws Exception if the message cannot be handled
	 */
	default void onMessage(LogicalMessage message) throws Exception {
	}

	/**
	 * Called after the last change of a transaction.
	 * @param commit the end of the transaction
	 * @throws Exception if the transaction cannot be handled
	 */
	default void onCommit(Commit commit) throws Exception {
	}

	/**
	 * Called when replicated state starts over (first start, invalidated or missing slot,
	 * schema or publication change, or on request): whatever the listener derived so far is
	 * stale. Every existing row follows as a snapshot {@link Insert}, then
	 * {@link #onSyncComplete}.
	 * @param reset why and when
	 * @throws Exception if the reset cannot be handled; it is tried again
	 */
	default void onReset(Reset reset) throws Exception {
	}

	/**
	 * Called when the copy that follows a {@link #onReset reset} is complete; the changes
	 * committed after the snapshot follow.
	 * @param complete what was copied
	 * @throws Exception if the completion cannot be handled; the reset is tried again
	 */
	default void onSyncComplete(SyncComplete complete) throws Exception {
	}

	/**
	 * Called when a table starts being re-read while the stream goes on (requested with
	 * {@code POST /actuator/zero/resync}, or a table newly published with rows): its rows
	 * follow as snapshot {@link Insert inserts}, between the stream's changes, then
	 * {@link #onResyncComplete}. Not called again when a re-sync resumes after a restart.
	 * @param start the table
	 * @throws Exception if the notice cannot be handled
	 */
	default void onResyncStart(ResyncStart start) throws Exception {
	}

	/**
	 * Called when a table's re-read delivered its last row.
	 * @param complete the table and what was read
	 * @throws Exception if the notice cannot be handled
	 */
	default void onResyncComplete(ResyncComplete complete) throws Exception {
	}

	/**
	 * Called, in WAL order within its transaction, for a DDL statement that changed the
	 * published schema (when the starter may use event triggers).
	 * @param change the statement and the published schema before and after it
	 * @throws Exception if the change cannot be handled
	 */
	default void onSchemaChange(SchemaChange change) throws Exception {
	}

	/** The tables whose changes this listener receives; every table unless overridden. */
	default TableFilter tables() {
		return TableFilter.all();
	}

}
