package dev.zero.ownership;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The zero-cache shards present in a database, recognized by the shard schema zero-cache
 * creates for app id {@code A} and shard {@code N}: {@code A_N}, holding its
 * {@code "shardConfig"} table. It tells whose an object is when it is not the starter's, and
 * which publications are zero-cache's ({@code _A_public_N}, {@code _A_metadata_N}).
 */
public final class ZeroCacheShards {

	private static final Pattern SHARD_SCHEMA = Pattern.compile("(.+)_(\\d+)");

	private static final Pattern PUBLICATION = Pattern.compile("_(.+)_(?:public|metadata)_(\\d+)");

	private final Set<String> schemas;

	private ZeroCacheShards(Set<String> schemas) {
		this.schemas = schemas;
	}

	/** Whether {@code publication} is named the way zero-cache names its own publications. */
	public static boolean isZeroCachePublicationName(String publication) {
		return PUBLICATION.matcher(publication).matches();
	}

	/** Reads the zero-cache shard schemas of the connection's database. */
	public static ZeroCacheShards read(Connection connection) throws SQLException {
		Set<String> schemas = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				 WHERE c.relname = 'shardConfig' AND c.relkind = 'r' ORDER BY 1
				""");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				schemas.add(rows.getString(1));
			}
		}
		return new ZeroCacheShards(schemas);
	}

	/** Whether {@code schema} is a zero-cache shard schema. */
	public boolean isShardSchema(String schema) {
		return this.schemas.contains(schema);
	}

	/**
	 * Describes the zero-cache that owns {@code schema} (its shard schema, or its app schema
	 * {@code A} when a shard schema {@code A_N} exists), if one does.
	 */
	public Optional<String> ownerOfSchema(String schema) {
		if (this.schemas.contains(schema)) {
			return Optional.of(describe(schema));
		}
		return this.schemas.stream().filter((shard) -> schema.equals(appOf(shard))).findFirst().map(this::describe);
	}

	/** Describes the zero-cache that owns a publication named as zero-cache names its own, if one does. */
	public Optional<String> ownerOfPublication(String publication) {
		Matcher matcher = PUBLICATION.matcher(publication);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		String schema = matcher.group(1) + "_" + matcher.group(2);
		return this.schemas.contains(schema) ? Optional.of(describe(schema)) : Optional.empty();
	}

	private String describe(String shardSchema) {
		Matcher matcher = SHARD_SCHEMA.matcher(shardSchema);
		return matcher.matches() ? "a zero-cache with app id " + matcher.group(1) + " (shard " + matcher.group(2) + ")"
				: "a zero-cache (shard schema " + shardSchema + ")";
	}

	private static @Nullable String appOf(String shardSchema) {
		Matcher matcher = SHARD_SCHEMA.matcher(shardSchema);
		return matcher.matches() ? matcher.group(1) : null;
	}

}
