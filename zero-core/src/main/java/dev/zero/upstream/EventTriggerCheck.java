package dev.zero.upstream;

import dev.zero.upstream.UpstreamFacts.Probe;

/**
 * {@code event-triggers}: whether this role may create event triggers, found by creating one
 * in a transaction that is rolled back. Without them the starter still works, but any schema
 * change forces a full re-sync, which gets expensive as the database grows.
 */
final class EventTriggerCheck implements UpstreamCheck {

	static final int SUPABASE_EVENT_TRIGGER_VERSION = 150008;

	@Override
	public String id() {
		return "event-triggers";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		Probe probe = facts.probes().eventTriggers();
		String role = facts.role().name();
		if (probe.succeeded()) {
			return CheckResult.ok(id(), "role " + role + " may create event triggers: schema changes are "
					+ "replicated without a re-sync");
		}
		long bytes = facts.server().databaseBytes();
		String found = "role " + role + " may not create event triggers (" + probe.detail()
				+ "): any schema change will force a full re-sync of all replicated state";
		Provider provider = facts.provider().provider();
		if (provider == Provider.SUPABASE && facts.server().versionNum() < SUPABASE_EVENT_TRIGGER_VERSION) {
			return CheckResult.warn(id(), found, "Upgrade the Supabase project to Postgres 15.8.1.083 or later "
					+ "(Project Settings > Infrastructure): it grants event triggers.");
		}
		if (bytes > facts.settings().largeDatabaseBytes()) {
			return CheckResult.warn(id(), found,
					"This database is " + size(bytes) + ", so every schema change re-copies " + size(bytes)
							+ ". Connect as a role that may create event triggers (a superuser on self-hosted "
							+ "PostgreSQL), or move to a provider that grants them (the connection guide lists "
							+ "Render and Heroku among those that do not).");
		}
		return CheckResult.warn(id(), found, "Acceptable for a database of " + size(bytes) + " (below "
				+ size(facts.settings().largeDatabaseBytes()) + "). To replicate schema changes without a re-sync, "
				+ "connect as a role that may create event triggers (a superuser on self-hosted PostgreSQL).");
	}

	static String size(long bytes) {
		if (bytes >= 1024L * 1024 * 1024) {
			return String.format("%.1f GB", bytes / (1024.0 * 1024 * 1024));
		}
		return String.format("%.1f MB", bytes / (1024.0 * 1024));
	}

}
