package dev.zero.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.zero.upstream.UpstreamFacts.DetectedProvider;

/**
 * Recognizes the hosting provider from public markers: roles and settings a provider creates,
 * functions and schemas only it has, and its host names. Every marker used here is
 * documented by the provider or visible on any of its databases; none is guessed from
 * behaviour.
 */
public final class ProviderDetector {

	/** Roles that only some providers create. */
	static final List<String> PROVIDER_ROLES = List.of("rds_superuser", "rds_replication", "rdsadmin",
			"cloudsqlsuperuser", "cloudsqladmin", "supabase_admin", "neon_superuser");

	/** Settings (often extension-defined) that only some providers have. */
	static final List<String> PROVIDER_SETTINGS = List.of("rds.extensions", "rds.logical_replication",
			"cloudsql.iam_authentication", "cloudsql.logical_decoding", "neon.timeline_id", "neon.tenant_id");

	/**
	 * Markers read from the server.
	 *
	 * @param roles provider roles that exist
	 * @param settings provider settings that are set, with their values
	 * @param auroraVersionFunction whether {@code aurora_version()} exists
	 * @param herokuExtensionSchema whether the {@code heroku_ext} schema exists
	 */
	public record ServerMarkers(Set<String> roles, Map<String, String> settings, boolean auroraVersionFunction,
			boolean herokuExtensionSchema) {

		public static ServerMarkers none() {
			return new ServerMarkers(Set.of(), Map.of(), false, false);
		}

	}

	/**
	 * The provider that {@code host} alone points to, for when the server cannot be reached.
	 */
	public DetectedProvider detect(@Nullable String host) {
		return detect(ServerMarkers.none(), host);
	}

	public DetectedProvider detect(ServerMarkers server, @Nullable String host) {
		String h = (host != null) ? host.toLowerCase(Locale.ROOT) : "";
		List<String> markers = new ArrayList<>();
		if (server.auroraVersionFunction()) {
			markers.add("function aurora_version()");
			return new DetectedProvider(Provider.AWS_AURORA, markers);
		}
		if (h.endsWith(".rds.amazonaws.com") && h.contains(".cluster-")) {
			markers.add("host *.cluster-*.rds.amazonaws.com");
			return new DetectedProvider(Provider.AWS_AURORA, markers);
		}
		if (collect(markers, server, "rds_superuser", "rdsadmin", "rds.extensions", "rds.logical_replication")
				|| hostMarker(markers, h, ".rds.amazonaws.com")) {
			return new DetectedProvider(Provider.AWS_RDS, markers);
		}
		if (collect(markers, server, "cloudsqlsuperuser", "cloudsqladmin", "cloudsql.iam_authentication",
				"cloudsql.logical_decoding")) {
			return new DetectedProvider(Provider.GOOGLE_CLOUD_SQL, markers);
		}
		if (collect(markers, server, "supabase_admin") || hostMarker(markers, h, ".supabase.co")
				|| hostMarker(markers, h, ".supabase.com")) {
			return new DetectedProvider(Provider.SUPABASE, markers);
		}
		if (collect(markers, server, "neon_superuser", "neon.timeline_id", "neon.tenant_id")
				|| hostMarker(markers, h, ".neon.tech")) {
			return new DetectedProvider(Provider.NEON, markers);
		}
		if (hostMarker(markers, h, ".psdb.cloud")) {
			return new DetectedProvider(Provider.PLANETSCALE, markers);
		}
		if (server.herokuExtensionSchema()) {
			markers.add("schema heroku_ext");
			return new DetectedProvider(Provider.HEROKU, markers);
		}
		if (h.startsWith("ec2-") && (h.endsWith(".compute-1.amazonaws.com") || h.endsWith(".compute.amazonaws.com"))) {
			markers.add("host ec2-*.compute*.amazonaws.com");
			return new DetectedProvider(Provider.HEROKU, markers);
		}
		if (hostMarker(markers, h, ".render.com") || (h.startsWith("dpg-") && markers.add("host dpg-*"))) {
			return new DetectedProvider(Provider.RENDER, markers);
		}
		if (hostMarker(markers, h, ".flycast") || hostMarker(markers, h, ".internal")
				|| hostMarker(markers, h, ".fly.dev") || hostMarker(markers, h, ".flympg.net")) {
			return new DetectedProvider(Provider.FLY, markers);
		}
		return new DetectedProvider(Provider.SELF_HOSTED, markers);
	}

	private static boolean collect(List<String> markers, ServerMarkers server, String... names) {
		boolean found = false;
		for (String name : names) {
			if (server.roles().contains(name)) {
				markers.add("role " + name);
				found = true;
			}
			else if (server.settings().containsKey(name)) {
				markers.add("setting " + name);
				found = true;
			}
		}
		return found;
	}

	private static boolean hostMarker(List<String> markers, String host, String suffix) {
		if (host.endsWith(suffix)) {
			markers.add("host *" + suffix);
			return true;
		}
		return false;
	}

}
