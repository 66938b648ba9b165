package dev.zero.push.autoconfigure;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.push.processor.ShardTables;

/**
 * Whether zero-cache's shard tables exist, which the push bookkeeping writes and zero-cache
 * creates when it first starts. Until they do, the endpoint answers 503 with the reason (so a
 * zero-cache that starts after the application is served as soon as it has created them, and
 * retries meanwhile); once found, they are not looked up again.
 */
final class ShardTablesCheck {

	private static final Logger logger = LoggerFactory.getLogger(ShardTablesCheck.class);

	private final ShardTables tables;

	private volatile boolean found;

	ShardTablesCheck(ShardTables tables) {
		this.tables = tables;
	}

	/**
	 * Why pushes cannot be served yet.
	 * @return the reason, or {@code null} when the tables exist
	 */
	@org.jspecify.annotations.Nullable String problem() {
		if (this.found) {
			return null;
		}
		List<String> missing = this.tables.missing();
		if (missing.isEmpty()) {
			this.found = true;
			return null;
		}
		return "zero-cache's shard tables " + String.join(" and ", missing) + " do not exist: start zero-cache"
				+ " (it creates them) with the app id and shard number of zero.app-id and zero.shard-num; the push"
				+ " endpoint never creates them";
	}

	/** Logs, at startup, that pushes cannot be served yet. */
	void report() {
		try {
			String problem = problem();
			if (problem != null) {
				logger.warn("The push endpoint answers 503 until the tables exist: {}", problem);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check zero-cache's shard tables {}: {}", this.tables.schema(), ex.getMessage());
		}
	}

}
