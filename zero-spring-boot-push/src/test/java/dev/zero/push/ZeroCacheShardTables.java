package dev.zero.push;

import dev.zero.embedded.junit.TestDatabase;

/**
 * zero-cache 1.9.0's shard tables, created in a test database exactly as zero-cache creates
 * them: the DDL of {@code getClientsTableDefinition} and {@code getMutationsTableDefinition} in
 * {@code zero-cache/src/services/change-source/pg/schema/shard.ts} (the installed
 * {@code @rocicorp/zero} 1.9.0, {@code out/zero-cache/src/services/change-source/pg/schema/shard.js}).
 * The push module never creates them; only tests do, standing in for zero-cache.
 */
public final class ZeroCacheShardTables {

	private ZeroCacheShardTables() {
	}

	/** Creates the shard schema and its {@code clients} and {@code mutations} tables. */
	public static void create(TestDatabase database, String schema) {
		String shard = "\"" + schema.replace("\"", "\"\"") + "\"";
		database.execute("CREATE SCHEMA IF NOT EXISTS " + shard, """
				CREATE TABLE %s."clients" (
				  "clientGroupID"  TEXT NOT NULL,
				  "clientID"       TEXT NOT NULL,
				  "lastMutationID" BIGINT NOT NULL,
				  "userID"         TEXT,
				  PRIMARY KEY("clientGroupID", "clientID")
				);""".formatted(shard), """
				CREATE TABLE %s."mutations" (
				  "clientGroupID"  TEXT NOT NULL,
				  "clientID"       TEXT NOT NULL,
				  "mutationID"     BIGINT NOT NULL,
				  "result"         JSON NOT NULL,
				  PRIMARY KEY("clientGroupID", "clientID", "mutationID")
				);""".formatted(shard));
	}

	/** Drops the shard schema and its tables. */
	public static void drop(TestDatabase database, String schema) {
		database.execute("DROP SCHEMA IF EXISTS \"" + schema.replace("\"", "\"\"") + "\" CASCADE");
	}

}
