package dev.zero.publication;

import java.util.List;

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
 * @param ddlDetection how schema changes are detected, recorded for later runs:
 * {@code event-triggers} or {@code relation-diff}
 */
public record PublicationSettings(ShardId shard, List<String> appPublications, List<String> schemas,
		ReplicaIdentityPolicy replicaIdentity, boolean schemaWideRefused, String ddlDetection) {

	public PublicationSettings {
		appPublications = List.copyOf(appPublications);
		schemas = List.copyOf(schemas);
	}

	public boolean usesAppPublications() {
		return !this.appPublications.isEmpty();
	}

	public PublicationSettings withSchemaWideRefused(boolean refused, String ddlDetection) {
		return new PublicationSettings(this.shard, this.appPublications, this.schemas, this.replicaIdentity, refused,
				ddlDetection);
	}

}
