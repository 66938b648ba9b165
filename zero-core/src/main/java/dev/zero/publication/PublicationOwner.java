package dev.zero.publication;

import java.util.Locale;

/**
 * Whose a publication in use is, and so what the starter may do with it.
 */
public enum PublicationOwner {

	/** The default publication: the starter creates it, keeps it in line and drops it. */
	STARTER,

	/** The application's own ({@code zero.app-publications}): adopted as it is. */
	USER,

	/**
	 * zero-cache's ({@code zero.app-publications=_{appId}_public_{shardNum}}): followed read-only,
	 * neither it nor its tables are ever altered.
	 */
	ZERO_CACHE;

	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
