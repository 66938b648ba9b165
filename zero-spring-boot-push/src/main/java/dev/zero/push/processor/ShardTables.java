package dev.zero.push.processor;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.push.MutationMessage;
import dev.zero.push.ZeroMutations;
import dev.zero.sql.Identifiers;

/**
 * The rows a push server writes in zero-cache's shard schema ({@code {appId}_{shardNum}}),
 * with the statements of zero-server 1.9.0's {@code zql-database.ts}: the client's last
 * mutation id in {@code clients}, a rejected mutation's result in {@code mutations}, and the
 * deletion of acknowledged results. zero-cache creates and owns these tables; nothing here
 * creates or alters them. Every statement runs through a {@link JdbcTemplate} on the
 * application's {@code DataSource}, so inside a mutation's transaction it joins that
 * transaction's connection.
 */
public final class ShardTables {

	private final JdbcTemplate jdbc;

	private final String schema;

	private final String clients;

	private final String mutations;

	/**
	 * @param jdbc on the application's {@code DataSource}
	 * @param schema the shard schema, {@code {appId}_{shardNum}}
	 */
	public ShardTables(JdbcTemplate jdbc, String schema) {
		this.jdbc = jdbc;
		this.schema = schema;
		this.clients = Identifiers.qualified(schema, "clients");
		this.mutations = Identifiers.qualified(schema, "mutations");
	}

	/** The shard schema's name. */
	public String schema() {
		return this.schema;
	}

	/**
	 * The shard's tables that do not exist (zero-cache creates them when it first starts).
	 * @return the missing tables' qualified names; empty when both exist
	 */
	public List<String> missing() {
		return List.of(this.clients, this.mutations)
			.stream()
			.filter((table) -> this.jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, table))
			.toList();
	}

	/**
	 * Counts a client's mutation: inserts its row with 1, or adds 1.
	 * @return the client's last mutation id now, the one the mutation must carry
	 */
	long incrementLastMutationID(String clientGroupID, String clientID) {
		Long last = this.jdbc.queryForObject("INSERT INTO " + this.clients
				+ " AS current (\"clientGroupID\", \"clientID\", \"lastMutationID\") VALUES (?, ?, 1)"
				+ " ON CONFLICT (\"clientGroupID\", \"clientID\")"
				+ " DO UPDATE SET \"lastMutationID\" = current.\"lastMutationID\" + 1 RETURNING \"lastMutationID\"",
				Long.class, clientGroupID, clientID);
		return (last != null) ? last : 0;
	}

	/** Records a rejected mutation's result, which zero-cache replicates to the client. */
	void writeResult(String clientGroupID, String clientID, long mutationID, String resultJson) {
		this.jdbc.update("INSERT INTO " + this.mutations
				+ " (\"clientGroupID\", \"clientID\", \"mutationID\", \"result\") VALUES (?, ?, ?, ?::text::json)",
				clientGroupID, clientID, mutationID, resultJson);
	}

	/** Deletes one client's results up to a mutation id. */
	void deleteResults(String clientGroupID, String clientID, long upToMutationID) {
		this.jdbc.update("DELETE FROM " + this.mutations
				+ " WHERE \"clientGroupID\" = ? AND \"clientID\" = ? AND \"mutationID\" <= ?", clientGroupID,
				clientID, upToMutationID);
	}

	/** Deletes several clients' results. */
	void deleteResults(String clientGroupID, List<String> clientIDs) {
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement(
					"DELETE FROM " + this.mutations + " WHERE \"clientGroupID\" = ? AND \"clientID\" = ANY(?)");
			statement.setString(1, clientGroupID);
			statement.setArray(2, connection.createArrayOf("text", clientIDs.toArray()));
			return statement;
		});
	}

	/** Marks the transaction in hand as a mutator's (see {@link ZeroMutations}). */
	void emitMutationMessage(MutationMessage mutation) {
		this.jdbc.queryForObject("SELECT pg_logical_emit_message(true, ?, ?)", String.class,
				ZeroMutations.MESSAGE_PREFIX, ZeroMutations.content(mutation));
	}

}
