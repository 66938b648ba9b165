package dev.zero.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.zero.change.ChangeListener;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationReport;
import dev.zero.publication.PublicationSettings;
import dev.zero.publication.ReplicaIdentityPolicy;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Shards for replication tests: provisioned the way the shard worker provisions them (the
 * test's own publications adopted), with a replication worker on top.
 */
final class Shards {

	private Shards() {
	}

	/** Provisions the shard {@code appId}/0 with {@code publications} as its app publications. */
	static PublicationReport provision(TestDatabase database, String appId, DdlDetection ddlDetection,
			String... publications) {
		PublicationSettings settings = new PublicationSettings(new ShardId(appId, 0), List.of(publications),
				List.of("public"), ReplicaIdentityPolicy.REPORT, false, ddlDetection);
		try (Connection connection = database.connect()) {
			return new PublicationProvisioner(settings).provision(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ReplicationWorker worker(TestDatabase database, String appId, ReplicationSettings settings,
			Supplier<List<ChangeListener>> listeners, ReplicationMetrics metrics) {
		return new ReplicationWorker(upstream(database), new ShardId(appId, 0), settings, listeners, metrics);
	}

	static ReplicationSettings settings(String slot) {
		return new ReplicationSettings(slot, Duration.ofSeconds(1), false, Duration.ofSeconds(5));
	}

	static Upstream upstream(TestDatabase database) {
		return Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test");
	}

}
