package dev.zero.upstream;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code provider}: the detected hosting provider, the markers it was recognized by, and what
 * the connection guide says about it. Providers whose notes call for a decision (Neon's
 * billing, Render's and Heroku's missing event triggers) are a warning. For a provider whose
 * compute scales to zero, the note also says whether it can sleep: with
 * {@code zero.replication.idle-release} off it says what to set; with it on, the check passes
 * and says after how long the connections are released.
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
		Duration idleRelease = facts.settings().idleRelease();
		String note = provider.note(idleRelease);
		if (NEEDS_ATTENTION.contains(provider) && !(provider.scalesToZero() && idleRelease != null)) {
			return CheckResult.warn(id(), found, note);
		}
		return CheckResult.ok(id(), note.isEmpty() ? found : found + ". " + note);
	}

}
