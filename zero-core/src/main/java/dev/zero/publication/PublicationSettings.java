package dev.zero.publication;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.shard.ShardId;

/**
 * What to publish and how.
 *
 * @param shard the shard
 * @param appPublications the application's own publications, empty for the default one
 * @param schemas the schemas the default publication covers
 * @param replicaIdentity what to do about tables without a replica identity
 * @param schemaWideRefused whether the provider is known to refuse schema-wide publications
 * (PlanetScale), so that the starter does not try
 * @param ddlDetection how schema changes are to be detected, where the role allows it
 * @param slotName the slot the shard's listener reads (a deployment of an earlier version
 * moves its slot to it only when it is the default name)
 */
public record PublicationSettings(ShardId shard, List<String> appPublications, List<String> schemas,
		ReplicaIdentityPolicy replicaIdentity, boolean schemaWideRefused, DdlDetection ddlDetection, String slotName) {

	public PublicationSettings {
		appPublications = List.copyOf(appPublications);
		schemas = List.copyOf(schemas);
	}

	/** Settings for a shard whose listener reads the default slot. */
	public PublicationSettings(ShardId shard, List<String> appPublications, List<String> schemas,
			ReplicaIdentityPolicy replicaIdentity, boolean schemaWideRefused, DdlDetection ddlDetection) {
		this(shard, appPublications, schemas, replicaIdentity, schemaWideRefused, ddlDetection,
				shard.defaultSlotName());
	}

	/**
	 * Why the default publication cannot cover {@code schema}, or {@code null} when it can:
	 * PostgreSQL never publishes the tables of its system schemas.
	 */
	public static @Nullable String schemaProblem(@Nullable String schema) {
		if (schema == null || schema.isBlank()) {
			return "schema names must not be empty";
		}
		if (schema.startsWith("pg_") || "information_schema".equals(schema)) {
			return "schema '" + schema + "' is a system schema, whose tables PostgreSQL never publishes; name the "
					+ "schemas of your own tables";
		}
		return null;
	}

	public boolean usesAppPublications() {
		return !this.appPublications.isEmpty();
	}

	public PublicationSettings withSchemaWideRefused(boolean refused, DdlDetection ddlDetection) {
		return new PublicationSettings(this.shard, this.appPublications, this.schemas, this.replicaIdentity, refused,
				ddlDetection, this.slotName);
	}

}
