package dev.zero.shard;

import dev.zero.upstream.UpstreamReport;

/**
 * A consistent snapshot of a shard for health, metrics and reports.
 *
 * @param shard the shard
 * @param state where the worker is
 * @param report the latest upstream validation, or {@code null} before the first
 */
public record ShardStatus(ShardId shard, ShardState state, UpstreamReport report) {

}
