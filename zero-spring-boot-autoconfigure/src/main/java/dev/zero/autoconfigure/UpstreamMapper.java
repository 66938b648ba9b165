package dev.zero.autoconfigure;

import org.springframework.validation.Errors;

import dev.zero.upstream.TcpKeepalive;
import dev.zero.upstream.Upstream;

/**
 * {@code zero.upstream.*} to the timeouts and TCP keepalive of every connection to the
 * {@link Upstream}; where to connect is {@link ZeroConnectionDetails}' part.
 */
final class UpstreamMapper {

	private UpstreamMapper() {
	}

	static void validate(ZeroProperties.Upstream upstream, Errors errors) {
		PropertyChecks.positive(errors, "upstream.connectTimeout", "zero.upstream.connect-timeout",
				upstream.getConnectTimeout());
		PropertyChecks.positive(errors, "upstream.queryTimeout", "zero.upstream.query-timeout",
				upstream.getQueryTimeout());
		PropertyChecks.atLeastOneSecond(errors, "upstream.tcpKeepaliveIdle", "zero.upstream.tcp-keepalive-idle",
				upstream.getTcpKeepaliveIdle());
		PropertyChecks.atLeastOneSecond(errors, "upstream.tcpKeepaliveInterval",
				"zero.upstream.tcp-keepalive-interval", upstream.getTcpKeepaliveInterval());
		PropertyChecks.atLeastOne(errors, "upstream.tcpKeepaliveCount", "zero.upstream.tcp-keepalive-count",
				upstream.getTcpKeepaliveCount());
	}

	static Upstream configure(Upstream upstream, ZeroProperties.Upstream configured) {
		return upstream.withTimeouts(configured.getConnectTimeout(), configured.getQueryTimeout())
			.withTcpKeepalive(new TcpKeepalive(configured.getTcpKeepaliveIdle(), configured.getTcpKeepaliveInterval(),
					configured.getTcpKeepaliveCount()));
	}

}
