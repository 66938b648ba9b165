package dev.zero.push.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for serving Zero's mutators. The shard whose tables the push
 * bookkeeping writes is zero-cache's {@code {zero.app-id}_{zero.shard-num}}.
 */
@ConfigurationProperties("zero.push")
public class ZeroPushProperties {

	/**
	 * Whether to serve the push endpoint when @ZeroMutator methods exist.
	 */
	private boolean enabled = true;

	/**
	 * Path of the push endpoint, the path of zero-cache's ZERO_MUTATE_URL.
	 */
	private String path = "/zero/push";

	/**
	 * API key a push request must carry in its X-Api-Key header (zero-cache's
	 * ZERO_MUTATE_API_KEY); unset accepts every request.
	 */
	private @Nullable String apiKey;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

}
