package dev.zero.upstream;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code provider}: the detected hosting provider, the markers it was recognized by, and what
 * the connection guide says about it. Providers whose notes call for a decision (Neon's
 * billing, Render's and Heroku's missing event triggers) are a warning.
 */
final class ProviderCheck implements UpstreamCheck {

	private static final Set<Provider> NEEDS_ATTENTION = EnumSet.of(Provider.NEON, Provider.RENDER, Provider.HEROKU);

	@Override
	public String id() {
		return "provider";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		Provider provider = facts.provider().provider();
		String found = provider.id() + (facts.provider().markers().isEmpty() ? ""
				: " (" + String.join(", ", facts.provider().markers()) + ")");
		if (NEEDS_ATTENTION.contains(provider)) {
			return CheckResult.warn(id(), found, provider.note());
		}
		return CheckResult.ok(id(), provider.note().isEmpty() ? found : found + ". " + provider.note());
	}

}
