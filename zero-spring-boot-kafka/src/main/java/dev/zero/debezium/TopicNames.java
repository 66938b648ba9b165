package dev.zero.debezium;

import dev.zero.change.TableName;

/**
 * The topics changes are published to: {@code {prefix}.{schema}.{table}}, as Debezium names
 * them, with every character Kafka does not allow in a topic name replaced by {@code _}; and
 * the topic that holds the source position, {@code {prefix}.zero-offsets}.
 */
public final class TopicNames {

	/** The suffix of the topic that holds the source position each shard reached. */
	public static final String OFFSETS_SUFFIX = "zero-offsets";

	private TopicNames() {
	}

	/** The topic of a table's changes. */
	public static String table(String prefix, TableName table) {
		return sanitize(prefix + "." + table.schema() + "." + table.name());
	}

	/** The compacted topic of the positions the shards' Kafka transactions reached. */
	public static String offsets(String prefix) {
		return sanitize(prefix + "." + OFFSETS_SUFFIX);
	}

	private static String sanitize(String name) {
		StringBuilder result = null;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			if (!valid) {
				if (result == null) {
					result = new StringBuilder(name.substring(0, i));
				}
				result.append('_');
			}
			else if (result != null) {
				result.append(c);
			}
		}
		return (result != null) ? result.toString() : name;
	}

}
