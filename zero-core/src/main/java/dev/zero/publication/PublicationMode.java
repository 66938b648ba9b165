package dev.zero.publication;

import java.util.Locale;

/**
 * How the publications in use came to be.
 */
public enum PublicationMode {

	/** The default publication, {@code FOR TABLES IN SCHEMA}: new tables are published by PostgreSQL. */
	SCHEMA,

	/** The default publication, {@code FOR TABLE}: the starter adds new tables itself. */
	TABLES,

	/** The application's own publications ({@code zero.app-publications}). */
	APP;

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
