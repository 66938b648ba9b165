package dev.zero.upstream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where the upstream is hosted, as far as its markers tell, with what the connection guide
 * says about that provider. Actions in check results are worded for the provider.
 */
public enum Provider {

	AWS_RDS("aws-rds", "Amazon RDS",
			"Logical replication is switched on in the DB parameter group (rds.logical_replication = 1, then reboot), "
					+ "and a role replicates through membership in rds_replication."),

	AWS_AURORA("aws-aurora", "Amazon Aurora PostgreSQL",
			"Aurora PostgreSQL 15.6 or later is required. Logical replication is switched on in the DB cluster "
					+ "parameter group (rds.logical_replication = 1, then reboot)."),

	GOOGLE_CLOUD_SQL("google-cloud-sql", "Google Cloud SQL",
			"Logical decoding is the instance flag cloudsql.logical_decoding (wal_level is not set directly). "
					+ "If this user may not create publications, create one yourself and name it in "
					+ "zero.app-publications."),

	SUPABASE("supabase", "Supabase",
			"Connect with the \"Direct Connection\" string, not the pooler: replication slots need a direct "
					+ "connection (set zero.upstream.url to it; the application may keep using the pooler). "
					+ "If this host has no IPv6, assign the project an IPv4 address (Pro plan add-on). "
					+ "Event triggers need Supabase Postgres 15.8.1.083 or later."),

	NEON("neon", "Neon",
			"The replication connection keeps the Neon compute running (and billed) for as long as this "
					+ "application runs; an application instance per preview branch keeps each branch running too.",
			true),

	PLANETSCALE("planetscale", "PlanetScale for Postgres",
			"PlanetScale does not allow FOR ALL TABLES publications: publish tables explicitly (FOR TABLE ...), "
					+ "as the starter does when it falls back, or name your own in zero.app-publications."),

	FLY("fly", "Fly.io Postgres",
			"Fly's private network has no TLS: when the application and Postgres both run on Fly, "
					+ "add sslmode=disable to the upstream URL."),

	RENDER("render", "Render",
			"Render does not grant event triggers: any schema change forces a full re-sync of replicated state "
					+ "(acceptable below about 10 GB)."),

	HEROKU("heroku", "Heroku Postgres",
			"Heroku does not grant event triggers: any schema change forces a full re-sync of replicated state "
					+ "(acceptable below about 10 GB)."),

	SELF_HOSTED("self-hosted", "Self-hosted PostgreSQL", "");

	private final String id;

	private final String displayName;

	private final String note;

	private final boolean scalesToZero;

	Provider(String id, String displayName, String note) {
		this(id, displayName, note, false);
	}

	Provider(String id, String displayName, String note, boolean scalesToZero) {
		this.id = id;
		this.displayName = displayName;
		this.note = note;
		this.scalesToZero = scalesToZero;
	}

	/** The id used in reports, for example {@code aws-rds}. */
	public String id() {
		return this.id;
	}

	public String displayName() {
		return this.displayName;
	}

	/** What the connection guide says about this provider; empty for self-hosted servers. */
	public String note() {
		return this.note;
	}

	/**
	 * What the connection guide says about this provider and, for one whose compute scales to
	 * zero, whether it can sleep: what to set, or after how long it can.
	 * @param idleRelease {@code zero.replication.idle-release}, or {@code null} when off
	 */
	public String note(@Nullable Duration idleRelease) {
		if (!this.scalesToZero) {
			return this.note;
		}
		if (idleRelease == null) {
			return this.note + " To let the compute sleep, set zero.replication.idle-release (for example "
					+ "zero.replication.idle-release=5m): after that long without changes the starter releases every "
					+ "connection and connects again on the application's next database use, a wake or "
					+ "zero.replication.idle-wake-interval.";
		}
		return "The " + this.displayName + " compute can sleep: after " + words(idleRelease)
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

	/**
	 * Whether the provider suspends an idle compute (and stops billing it) unless a connection
	 * is open, as Neon does: a replication connection held for ever keeps it awake.
	 */
	public boolean scalesToZero() {
		return this.scalesToZero;
	}

	@Override
	public String toString() {
		return this.id;
	}

}
