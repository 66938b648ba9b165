package dev.zero.upstream;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * {@code tls}: whether the connection to the upstream is encrypted ({@code pg_stat_ssl}). The
 * replication connection uses the same URL, so it honours the same {@code sslmode}.
 */
final class TlsCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "tls";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		UpstreamFacts.Server server = facts.server();
		String sslMode = (facts.address().sslMode() != null) ? facts.address().sslMode() : "driver default (prefer)";
		if (server.ssl()) {
			return CheckResult.ok(id(), "encrypted (" + server.sslVersion() + "), sslmode " + sslMode);
		}
		if (facts.provider().provider() == Provider.FLY) {
			return CheckResult.ok(id(), "not encrypted (sslmode " + sslMode + "), as Fly's private network requires");
		}
		if (isLocal(facts.address().host())) {
			return CheckResult.ok(id(), "not encrypted (sslmode " + sslMode + "), on the local machine");
		}
		return CheckResult.warn(id(), "not encrypted (sslmode " + sslMode + ") to " + facts.address().host(),
				"Add sslmode=require (or verify-full) to the upstream URL, unless the network is private and "
						+ "trusted (inside Fly's private network, sslmode=disable is required).");
	}

	private static boolean isLocal(@Nullable String host) {
		if (host == null) {
			return true;
		}
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
	}

}
