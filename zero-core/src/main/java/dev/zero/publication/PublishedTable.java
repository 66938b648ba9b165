package dev.zero.publication;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A table as a publication publishes it.
 *
 * @param schema the table's schema
 * @param name the table's name
 * @param replicaIdentity its replica identity in words
 * @param columns the published columns, or {@code null} when all are
 * @param rowFilter the publication's row filter ({@code WHERE}), or {@code null}
 */
public record PublishedTable(String schema, String name, String replicaIdentity, @Nullable List<String> columns,
		@Nullable String rowFilter) {

}
