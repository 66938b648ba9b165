package dev.zero.shard;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Identifies one replication shard of one application: the app id and shard number that name
 * everything the starter creates upstream (slot, publication, internal schema, event
 * triggers, DDL message prefix). Every derived name carries the infix {@value #INFIX}, so that
 * it is never one of the names zero-cache derives from an app id and shard
 * ({@code {appId}_{shardNum}}, {@code {appId}_{shardNum}_*}, {@code _{appId}_public_{shardNum}},
 * {@code {appId}_ddl_start_{shardNum}}, {@code {appId}/{shardNum}/ddl}, ...): a Spring backend
 * and a zero-cache can share a database and an app id. Validating here keeps every derived
 * name a legal identifier of at most 63 bytes.
 */
public record ShardId(String appId, int shardNum) {

	/** The infix of every derived name; zero-cache's names never have it after the app id. */
	public static final String INFIX = "spring";

	/**
	 * The {@code format} field of the DDL messages the starter's event triggers emit; a
	 * message with the shard's prefix and without it is not the starter's.
	 */
	public static final String DDL_MESSAGE_FORMAT = "zero-spring-boot-starter/ddl/1";

	/** Leaves room for the longest derived name, {@code {appId}_spring_ddl_start_{shardNum}}. */
	public static final int MAX_APP_ID_LENGTH = 35;

	private static final Pattern APP_ID = Pattern.compile("[a-z0-9_]+");

	/** Describes the rule for {@code appId}, for error messages. */
	public static final String APP_ID_RULE = "only lower-case letters, digits and '_', at most " + MAX_APP_ID_LENGTH
			+ " characters (it names replication slots, publications and a schema)";

	public ShardId {
		String problem = appIdProblem(appId);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		if (shardNum < 0) {
			throw new IllegalArgumentException("shard number must be 0 or more, was " + shardNum);
		}
	}

	/**
	 * Returns why {@code appId} is not acceptable, or {@code null} when it is.
	 */
	public static @Nullable String appIdProblem(@Nullable String appId) {
		if (appId == null || appId.isEmpty()) {
			return "app id must not be empty: use " + APP_ID_RULE;
		}
		if (!APP_ID.matcher(appId).matches() || appId.length() > MAX_APP_ID_LENGTH) {
			return "app id '" + appId + "' is not allowed: use " + APP_ID_RULE;
		}
		if (appId.startsWith("pg_")) {
			return "app id '" + appId + "' is not allowed: it would name the schema " + appId + "_" + INFIX
					+ "_0, and PostgreSQL reserves names starting with pg_ for itself; choose one that does not start "
					+ "with pg_";
		}
		return null;
	}

	/** The replication slot's default name, {@code {appId}_spring_{shardNum}}. */
	public String defaultSlotName() {
		return base();
	}

	/** The publication created when the application names none, {@code _{appId}_spring_public_{shardNum}}. */
	public String defaultPublicationName() {
		return "_" + this.appId + "_" + INFIX + "_public_" + this.shardNum;
	}

	/** The schema holding the shard's own state, {@code {appId}_spring_{shardNum}}. */
	public String internalSchema() {
		return base();
	}

	/** The event trigger that fires before DDL, {@code {appId}_spring_ddl_start_{shardNum}}. */
	public String ddlStartTrigger() {
		return this.appId + "_" + INFIX + "_ddl_start_" + this.shardNum;
	}

	/** The event trigger that fires after DDL, {@code {appId}_spring_ddl_end_{shardNum}}. */
	public String ddlEndTrigger() {
		return this.appId + "_" + INFIX + "_ddl_end_" + this.shardNum;
	}

	/** The prefix of the logical messages the event triggers emit, {@code {appId}/spring/{shardNum}/ddl}. */
	public String ddlMessagePrefix() {
		return this.appId + "/" + INFIX + "/" + this.shardNum + "/ddl";
	}

	/**
	 * The prefix of the non-transactional messages that wake a shard's idle listener so that it
	 * follows the server's position, {@code {appId}/spring/{shardNum}/wake}.
	 */
	public String wakeMessagePrefix() {
		return this.appId + "/" + INFIX + "/" + this.shardNum + "/wake";
	}

	/**
	 * The prefix of the transactional message that marks a transaction written by the shard's
	 * transactional listeners (where no replication origin marks it),
	 * {@code {appId}/spring/{shardNum}/own}.
	 */
	public String ownWritesMessagePrefix() {
		return this.appId + "/" + INFIX + "/" + this.shardNum + "/own";
	}

	/**
	 * The prefix of the transactional messages that bracket each chunk of a table re-read
	 * while streaming (its low and high watermarks), {@code {appId}/spring/{shardNum}/resync}.
	 */
	public String resyncMessagePrefix() {
		return this.appId + "/" + INFIX + "/" + this.shardNum + "/resync";
	}

	/**
	 * The replication origin whose progress records what the shard's transactional listeners
	 * committed, and which marks their writes, {@code zero-spring-boot-starter/{appId}/{shardNum}}.
	 */
	public String replicationOrigin() {
		return "zero-spring-boot-starter/" + this.appId + "/" + this.shardNum;
	}

	/**
	 * The names versions before 0.2 of the starter used, which are zero-cache's names too;
	 * only for moving a deployment of such a version to the current names.
	 */
	public LegacyNames legacy() {
		String base = this.appId + "_" + this.shardNum;
		return new LegacyNames(base, "_" + this.appId + "_public_" + this.shardNum, base,
				this.appId + "_ddl_start_" + this.shardNum, this.appId + "_ddl_end_" + this.shardNum,
				this.appId + "/" + this.shardNum + "/ddl");
	}

	/**
	 * The names versions before 0.2 derived from an app id and shard.
	 *
	 * @param schema the internal schema
	 * @param publication the default publication
	 * @param slot the default slot
	 * @param ddlStartTrigger the event trigger before DDL
	 * @param ddlEndTrigger the event trigger after DDL
	 * @param ddlMessagePrefix the DDL messages' prefix
	 */
	public record LegacyNames(String schema, String publication, String slot, String ddlStartTrigger,
			String ddlEndTrigger, String ddlMessagePrefix) {

	}

	private String base() {
		return this.appId + "_" + INFIX + "_" + this.shardNum;
	}

	@Override
	public String toString() {
		return this.appId + "/" + this.shardNum;
	}

}
