package dev.zero.publication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.catalog.TableModels;
import dev.zero.shard.OwnershipMark;
import dev.zero.shard.ShardId;
import dev.zero.shard.ShardMessages;
import dev.zero.sql.Identifiers;
import dev.zero.state.StateSchema;

/**
 * The functions and event triggers in the shard's schema that make schema changes visible in
 * the replication stream. {@code published_schema()} describes the published tables (the
 * listener compares it with the stream's relation descriptions in every mode); where event
 * triggers are allowed, {@code {appId}_ddl_start_{shardNum}} and
 * {@code {appId}_ddl_end_{shardNum}} emit a transactional logical message
 * ({@code {appId}/{shardNum}/ddl}) with the statement and the published schema before and
 * after it, whenever a DDL statement changed it. The triggers never make the application's
 * DDL fail: an error inside them becomes a warning (and the listener's comparison then
 * forces a re-sync).
 */
public final class DdlTriggers {

	/** The command tags the triggers fire on. */
	static final List<String> TAGS = List.of("CREATE TABLE", "CREATE TABLE AS", "SELECT INTO", "ALTER TABLE",
			"DROP TABLE", "CREATE INDEX", "DROP INDEX", "ALTER INDEX", "ALTER PUBLICATION", "ALTER SCHEMA", "COMMENT");

	private final ShardId shard;

	private final StateSchema schema;

	private final OwnershipMark mark;

	public DdlTriggers(ShardId shard) {
		this.shard = shard;
		this.schema = new StateSchema(shard);
		this.mark = new OwnershipMark(shard);
	}

	public String startTrigger() {
		return this.shard.ddlStartTrigger();
	}

	public String endTrigger() {
		return this.shard.ddlEndTrigger();
	}

	/**
	 * Creates (or replaces) {@code published_schema()}; runs in the caller's transaction.
	 */
	void installSchemaFunction(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			createOrReplace(statement, "published_schema", """
					CREATE OR REPLACE FUNCTION %1$s() RETURNS jsonb
					LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
					SELECT coalesce(jsonb_agg(t ORDER BY t->>'schema', t->>'name'), '[]'::jsonb) FROM (
					  SELECT jsonb_build_object(
					    'schema', pt.schemaname,
					    'name', pt.tablename,
					    'columns', coalesce((
					      SELECT jsonb_agg(jsonb_build_object('name', a.attname,
					               'type', format_type(a.atttypid, a.atttypmod),
					               'typeName', CASE WHEN tn.nspname = 'pg_catalog' THEN ty.typname
					                                ELSE tn.nspname || '.' || ty.typname END,
					               'typeOid', a.atttypid) ORDER BY a.attnum)
					        FROM pg_attribute a
					        JOIN pg_type ty ON ty.oid = a.atttypid
					        JOIN pg_namespace tn ON tn.oid = ty.typnamespace
					       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
					         AND (pt.attnames IS NULL OR a.attname = ANY (pt.attnames))), '[]'::jsonb),
					    'key', coalesce(CASE c.relreplident
					      WHEN 'f' THEN (SELECT jsonb_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
					                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
					                        AND a.attgenerated = ''
					                        AND (pt.attnames IS NULL OR a.attname = ANY (pt.attnames)))
					      WHEN 'n' THEN NULL
					      ELSE (SELECT jsonb_agg(a.attname ORDER BY a.attnum)
					              FROM pg_index i JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
					             WHERE i.indrelid = c.oid
					               AND CASE c.relreplident WHEN 'i' THEN i.indisreplident ELSE i.indisprimary END)
					    END, '[]'::jsonb)) AS t
					  FROM (SELECT DISTINCT ON (schemaname, tablename) schemaname, tablename, attnames
					          FROM pg_publication_tables
					         WHERE pubname::text = ANY (coalesce((SELECT publications FROM %2$s), '{}'::text[]))) pt
					  JOIN pg_namespace n ON n.nspname = pt.schemaname
					  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
					) s
					$fn$
					""".formatted(function("published_schema"), this.schema.table("shard_config")));
		}
	}

	/**
	 * Creates the trigger functions and the event triggers when missing; runs in the caller's
	 * transaction, which fails if the role may not create event triggers.
	 */
	void installTriggers(Connection connection) throws SQLException {
		String prefix = "zero_spring_ddl." + this.shard.appId() + "_" + this.shard.shardNum();
		String setting = Identifiers.literal(prefix + "_before");
		String nested = Identifiers.literal(prefix + "_nested");
		try (Statement statement = connection.createStatement()) {
			createOrReplace(statement, "ddl_start", """
					CREATE OR REPLACE FUNCTION %1$s() RETURNS event_trigger
					LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
					BEGIN
					  IF current_setting(%4$s, true) = 'on' THEN
					    RETURN;
					  END IF;
					  PERFORM set_config(%3$s, %2$s()::text, true);
					EXCEPTION WHEN OTHERS THEN
					  RAISE WARNING 'zero: could not describe the published schema before %%: %%', tg_tag, SQLERRM;
					END
					$fn$
					""".formatted(function("ddl_start"), function("published_schema"), setting, nested));
			// In the DDL's own transaction: in table-by-table mode, tables that can be published are
			// added, so that no row written after CREATE TABLE is missed; in schema-wide mode, a
			// new table without a replica identity (which PostgreSQL publishes at once, making
			// UPDATE and DELETE on it fail) gets one under the auto policy, or else the
			// publication turns table by table without it.
			createOrReplace(statement, "ddl_end", """
					CREATE OR REPLACE FUNCTION %1$s() RETURNS event_trigger
					LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
					DECLARE
					  before jsonb;
					  after jsonb;
					  config record;
					  missing record;
					  loose record;
					  leave_out boolean := false;
					  keep text;
					BEGIN
					  IF current_setting(%6$s, true) = 'on' THEN
					    RETURN;
					  END IF;
					  SELECT publications, publication_mode, schemas, replica_identity INTO config FROM %5$s;
					  IF config.publication_mode = 'schema' THEN
					    PERFORM set_config(%6$s, 'on', true);
					    FOR loose IN
					      SELECT c.oid::regclass AS rel,
					             %8$s AS suitable
					        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					       WHERE n.nspname = ANY (config.schemas) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
					         AND NOT %7$s
					    LOOP
					      IF config.replica_identity = 'auto' AND loose.suitable IS NOT NULL THEN
					        EXECUTE format('ALTER TABLE %%s REPLICA IDENTITY USING INDEX %%I', loose.rel, loose.suitable);
					      ELSIF config.replica_identity = 'auto' THEN
					        EXECUTE format('ALTER TABLE %%s REPLICA IDENTITY FULL', loose.rel);
					      ELSE
					        leave_out := true;
					      END IF;
					    END LOOP;
					    IF leave_out THEN
					      SELECT string_agg(c.oid::regclass::text, ', ') INTO keep
					        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					       WHERE n.nspname = ANY (config.schemas) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
					         AND %7$s;
					      EXECUTE format('ALTER PUBLICATION %%I DROP TABLES IN SCHEMA %%s', config.publications[1],
					        (SELECT string_agg(quote_ident(schema), ', ') FROM unnest(config.schemas) AS schema));
					      IF keep IS NOT NULL THEN
					        EXECUTE format('ALTER PUBLICATION %%I ADD TABLE %%s', config.publications[1], keep);
					      END IF;
					      UPDATE %5$s SET publication_mode = 'tables', updated_at = now();
					    END IF;
					    PERFORM set_config(%6$s, '', true);
					  END IF;
					  IF config.publication_mode = 'tables' THEN
					    PERFORM set_config(%6$s, 'on', true);
					    FOR missing IN
					      SELECT c.oid::regclass AS rel
					        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					       WHERE n.nspname = ANY (config.schemas) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
					         AND NOT EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
					                          WHERE p.pubname = config.publications[1] AND pr.prrelid = c.oid)
					         AND %7$s
					    LOOP
					      EXECUTE format('ALTER PUBLICATION %%I ADD TABLE %%s', config.publications[1], missing.rel);
					    END LOOP;
					    PERFORM set_config(%6$s, '', true);
					  END IF;
					  before := nullif(current_setting(%3$s, true), '')::jsonb;
					  after := %2$s();
					  IF before IS DISTINCT FROM after THEN
					    PERFORM pg_logical_emit_message(true, %4$s, jsonb_build_object(
					      'format', %9$s, 'tag', tg_tag, 'statement', current_query(),
					      'before', coalesce(before, '[]'::jsonb), 'after', after)::text);
					  END IF;
					  PERFORM set_config(%3$s, '', true);
					EXCEPTION WHEN OTHERS THEN
					  PERFORM set_config(%6$s, '', true);
					  RAISE WARNING 'zero: could not report the schema change of %%: %%', tg_tag, SQLERRM;
					END
					$fn$
					""".formatted(function("ddl_end"), function("published_schema"), setting,
					Identifiers.literal(new ShardMessages(this.shard).ddlPrefix()), this.schema.table("shard_config"), nested,
					TableModels.USABLE_IDENTITY, TableModels.SUITABLE_INDEX,
					Identifiers.literal(ShardId.DDL_MESSAGE_FORMAT)));
		}
		String tags = String.join(", ", TAGS.stream().map(Identifiers::literal).toList());
		createIfMissing(connection, startTrigger(), "ddl_command_start", tags, function("ddl_start"));
		createIfMissing(connection, endTrigger(), "ddl_command_end", tags, function("ddl_end"));
	}

	/**
	 * Drops the event triggers if they exist and carry the starter's mark; runs in the
	 * caller's transaction.
	 */
	public boolean dropTriggers(Connection connection) throws SQLException {
		boolean dropped = false;
		for (String trigger : List.of(startTrigger(), endTrigger())) {
			if (this.mark.marks(comment(connection, trigger))) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("DROP EVENT TRIGGER " + Identifiers.quote(trigger));
				}
				dropped = true;
			}
		}
		return dropped;
	}

	private void createIfMissing(Connection connection, String trigger, String event, String tags, String function)
			throws SQLException {
		if (exists(connection, trigger)) {
			// the starter's (an object with its name that is not was reported before provisioning began)
			return;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE EVENT TRIGGER " + Identifiers.quote(trigger) + " ON " + event + " WHEN TAG IN ("
					+ tags + ") EXECUTE FUNCTION " + function + "()");
			statement.execute("COMMENT ON EVENT TRIGGER " + Identifiers.quote(trigger) + " IS "
					+ Identifiers.literal(this.mark.comment()));
		}
	}

	private static @Nullable String comment(Connection connection, String trigger) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT obj_description(oid, 'pg_event_trigger') FROM pg_event_trigger WHERE evtname = ?")) {
			statement.setString(1, trigger);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}

	/**
	 * Runs {@code definition} ({@code CREATE OR REPLACE FUNCTION ... $fn$body$fn$}) unless the
	 * function exists with that body already: replacing it on every provisioning round would
	 * be pointless catalog churn.
	 */
	private void createOrReplace(Statement statement, String name, String definition) throws SQLException {
		int start = definition.indexOf("$fn$") + 4;
		int end = definition.lastIndexOf("$fn$");
		String body = definition.substring(start, end);
		try (PreparedStatement current = statement.getConnection().prepareStatement(
				"SELECT prosrc FROM pg_proc WHERE proname = ? AND pronamespace = ?::regnamespace")) {
			current.setString(1, name);
			current.setString(2, Identifiers.quote(this.schema.name()));
			try (ResultSet row = current.executeQuery()) {
				if (row.next() && body.equals(row.getString(1))) {
					return;
				}
			}
		}
		statement.execute(definition);
	}

	private static boolean exists(Connection connection, String trigger) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT 1 FROM pg_event_trigger WHERE evtname = ?")) {
			statement.setString(1, trigger);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

	private String function(String name) {
		return this.schema.table(name);
	}

}
