package dev.zero.publication;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.zero.ownership.ZeroCacheShards;

/**
 * The rules for names in {@code zero.app-publications}: plain SQL identifiers of at most 63
 * bytes, and never starting with {@code _}, which is reserved for publications the starter
 * and zero-cache create, except zero-cache's own ({@code _{appId}_public_{shardNum}},
 * {@code _{appId}_metadata_{shardNum}}), which the starter may follow read-only.
 */
public final class AppPublicationNames {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

	private AppPublicationNames() {
	}

	/**
	 * Why {@code name} cannot be an app publication, or {@code null} when it can.
	 */
	public static @Nullable String problem(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "publication names must not be empty";
		}
		if (name.startsWith("_") && !ZeroCacheShards.isZeroCachePublicationName(name)) {
			return "publication name '" + name + "' starts with '_', which is reserved for publications the starter "
					+ "and zero-cache create (only zero-cache's own, _{appId}_public_{shardNum} or "
					+ "_{appId}_metadata_{shardNum}, may be followed); rename the publication "
					+ "(ALTER PUBLICATION ... RENAME TO ...)";
		}
		if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
			return "publication name '" + name + "' is longer than PostgreSQL's 63-byte limit for identifiers";
		}
		if (!IDENTIFIER.matcher(name).matches()) {
			return "publication name '" + name + "' is not a plain SQL identifier (a letter or '_', then letters, "
					+ "digits, '_' or '$')";
		}
		return null;
	}

}
