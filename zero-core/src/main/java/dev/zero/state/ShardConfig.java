package dev.zero.state;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The shard's configuration as last recorded upstream: the publications in use, how they are
 * kept, and how schema changes are detected. Comparing it with the current configuration
 * tells whether replicated state must be re-synced.
 *
 * @param publications the publications in use, sorted
 * @param publicationMode {@code schema}, {@code tables} or {@code app}
 * @param ddlDetection {@code event-triggers} or {@code relation-diff}
 * @param replicaIdentity {@code report} or {@code auto}
 * @param schemas the schemas the default publication covers
 */
public record ShardConfig(List<String> publications, String publicationMode, String ddlDetection,
		String replicaIdentity, List<String> schemas) {

	public ShardConfig {
		publications = publications.stream().sorted().toList();
		schemas = List.copyOf(schemas);
	}

	public static Optional<ShardConfig> read(Connection connection, StateSchema schema) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT publications, publication_mode, ddl_detection, replica_identity, schemas FROM "
						+ schema.table("shard_config"));
				ResultSet row = statement.executeQuery()) {
			if (!row.next()) {
				return Optional.empty();
			}
			String[] publications = (String[]) row.getArray(1).getArray();
			return Optional.of(new ShardConfig(Arrays.asList(publications), row.getString(2), row.getString(3),
					row.getString(4), Arrays.asList((String[]) row.getArray(5).getArray())));
		}
	}

	public void write(Connection connection, StateSchema schema) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.table("shard_config")
				+ " (singleton, publications, publication_mode, ddl_detection, replica_identity, schemas, updated_at)"
				+ " VALUES (true, ?, ?, ?, ?, ?, now()) ON CONFLICT (singleton) DO UPDATE SET"
				+ " publications = excluded.publications, publication_mode = excluded.publication_mode,"
				+ " ddl_detection = excluded.ddl_detection, replica_identity = excluded.replica_identity,"
				+ " schemas = excluded.schemas, updated_at = excluded.updated_at")) {
			Array array = connection.createArrayOf("text", this.publications.toArray());
			statement.setArray(1, array);
			statement.setString(2, this.publicationMode);
			statement.setString(3, this.ddlDetection);
			statement.setString(4, this.replicaIdentity);
			statement.setArray(5, connection.createArrayOf("text", this.schemas.toArray()));
			statement.executeUpdate();
		}
	}

}
