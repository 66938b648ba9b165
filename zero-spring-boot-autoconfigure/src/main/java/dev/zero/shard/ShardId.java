package dev.zero.shard;

import java.util.regex.Pattern;

/**
 * Identifies one replication shard of one application: the app id and shard number that name
 * everything the starter creates upstream (slot, publication, internal schema, event
 * triggers). Validating here keeps every derived name a legal, unquoted-safe identifier of at
 * most 63 bytes.
 */
public record ShardId(String appId, int shardNum) {

	/** Leaves room for the longest derived name, {@code {appId}_ddl_start_{shardNum}}. */
	public static final int MAX_APP_ID_LENGTH = 40;

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
	public static String appIdProblem(String appId) {
		if (appId == null || appId.isEmpty()) {
			return "app id must not be empty: use " + APP_ID_RULE;
		}
		if (!APP_ID.matcher(appId).matches() || appId.length() > MAX_APP_ID_LENGTH) {
			return "app id '" + appId + "' is not allowed: use " + APP_ID_RULE;
		}
		return null;
	}

	/** The replication slot's default name, {@code {appId}_{shardNum}}. */
	public String defaultSlotName() {
		return this.appId + "_" + this.shardNum;
	}

	/** The publication created when the application names none, {@code _{appId}_public_{shardNum}}. */
	public String defaultPublicationName() {
		return "_" + this.appId + "_public_" + this.shardNum;
	}

	/** The schema holding the shard's own state, {@code {appId}_{shardNum}}. */
	public String internalSchema() {
		return this.appId + "_" + this.shardNum;
	}

	@Override
	public String toString() {
		return this.appId + "/" + this.shardNum;
	}

}
