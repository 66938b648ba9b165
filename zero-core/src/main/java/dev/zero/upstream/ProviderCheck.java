package dev.zero.upstream;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

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
		String note = note(provider, idleRelease);
		if (NEEDS_ATTENTION.contains(provider) && !(provider.scalesToZero() && idleRelease != null)) {
			return CheckResult.warn(id(), found, note);
		}
		return CheckResult.ok(id(), note.isEmpty() ? found : found + ". " + note);
	}

	/**
	 * What the connection guide says about {@code provider}, and for one whose compute scales to
	 * zero, whether it can sleep with {@code idleRelease}.
	 */
	static String note(Provider provider, @Nullable Duration idleRelease) {
		if (!provider.scalesToZero()) {
			return provider.note();
		}
		if (idleRelease == null) {
			return provider.note() + " To let the compute sleep, set zero.replication.idle-release (for example "
					+ "zero.replication.idle-release=5m): after that long without changes the starter releases every "
					+ "connection and connects again on the application's next database use, a wake or "
					+ "zero.replication.idle-wake-interval.";
		}
		return "The " + provider.displayName() + " compute can sleep: after " + words(idleRelease)
				+ " without changes (zero.replication.idle-release) the starter releases every connection, and "
				+ "connects again on the application's next database use, a wake or "
				+ "zero.replication.idle-wake-interval; the slot retains WAL meanwhile.";
	}

	/** {@code 5m}, {@code 90s}, {@code 300ms}: a duration as a property would say it. */
	static String words(Duration duration) {
		if (duration.toMillis() % 1000 != 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

}
