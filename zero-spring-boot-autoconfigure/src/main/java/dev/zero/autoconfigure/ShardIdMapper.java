package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.shard.ShardId;

/**
 * {@code zero.app-id} and {@code zero.shard-num} to the {@link ShardId} every name upstream
 * derives from.
 */
final class ShardIdMapper {

	private ShardIdMapper() {
	}

	static void validate(ZeroProperties properties, Errors errors) {
		String appIdProblem = ShardId.appIdProblem(properties.getAppId());
		if (appIdProblem != null) {
			errors.rejectValue("appId", "zero.app-id.invalid", "zero.app-id: " + appIdProblem);
		}
		if (properties.getShardNum() < 0) {
			errors.rejectValue("shardNum", "zero.shard-num.invalid", "zero.shard-num: must be 0 or more");
		}
	}

	static ShardId shardId(ZeroProperties properties) {
		return new ShardId(properties.getAppId(), properties.getShardNum());
	}

}
