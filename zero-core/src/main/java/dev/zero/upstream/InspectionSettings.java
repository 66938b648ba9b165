package dev.zero.upstream;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.shard.ShardId;

/**
 * What the inspection looks for: this shard's slot and publications, and where the line
 * between a small and a large database lies.
 *
 * @param shard the shard
 * @param slotName the shard's replication slot
 * @param appPublications the publications the application names, empty for the default
 * @param publicationSchemas the schemas the default publication covers
 * @param largeDatabaseBytes from this size on, a full re-sync is expensive enough to warn
 * about
 * @param idleRelease after how long without changes the replication listener releases every
 * connection, or {@code null} when it never does (what a provider whose compute scales to zero
 * is told)
 */
public record InspectionSettings(ShardId shard, String slotName, List<String> appPublications,
		List<String> publicationSchemas, long largeDatabaseBytes, @Nullable Duration idleRelease) {

	/** 10 GB, the size the connection guide names. */
	public static final long DEFAULT_LARGE_DATABASE_BYTES = 10L * 1024 * 1024 * 1024;

	public InspectionSettings {
		appPublications = List.copyOf(appPublications);
		publicationSchemas = List.copyOf(publicationSchemas);
	}

	public InspectionSettings(ShardId shard, String slotName, List<String> appPublications,
			List<String> publicationSchemas, long largeDatabaseBytes) {
		this(shard, slotName, appPublications, publicationSchemas, largeDatabaseBytes, null);
	}

	/** The same settings, the listener releasing every connection after {@code idleRelease}. */
	public InspectionSettings withIdleRelease(@Nullable Duration idleRelease) {
		return new InspectionSettings(this.shard, this.slotName, this.appPublications, this.publicationSchemas,
				this.largeDatabaseBytes, idleRelease);
	}

	/** Defaults for a shard: the default slot, the default publication on {@code public}. */
	public static InspectionSettings defaults(ShardId shard) {
		return new InspectionSettings(shard, shard.defaultSlotName(), List.of(), List.of("public"),
				DEFAULT_LARGE_DATABASE_BYTES);
	}

	public boolean usesAppPublications() {
		return !this.appPublications.isEmpty();
	}

}
