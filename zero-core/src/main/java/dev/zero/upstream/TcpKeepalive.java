package dev.zero.upstream;

import java.time.Duration;

/**
 * TCP keepalive timing for every connection to the upstream: after {@code idle} without
 * traffic the kernel probes the peer every {@code interval}, and gives the connection up after
 * {@code count} unanswered probes, so that a silent copy or check on a dead network fails
 * instead of waiting for hours. Keepalive only covers a connection with nothing unacknowledged
 * in flight; Java 17 cannot set {@code TCP_USER_TIMEOUT} (no socket option for it without
 * native code), so a connection that has sent data is bounded by the socket and query
 * timeouts, and the replication stream by its stream timeout.
 *
 * @param idle how long a connection may be silent before the first probe, at least one second
 * @param interval the time between probes, at least one second
 * @param count how many unanswered probes end the connection, at least one
 */
public record TcpKeepalive(Duration idle, Duration interval, int count) {

	/** 30 s idle, then 3 probes 10 s apart: a dead peer is noticed within a minute. */
	public static final TcpKeepalive DEFAULTS = new TcpKeepalive(Duration.ofSeconds(30), Duration.ofSeconds(10), 3);

	public TcpKeepalive {
		if (idle.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("TCP keepalive idle time and interval must be at least 1s");
		}
		if (count < 1) {
			throw new IllegalArgumentException("TCP keepalive count must be at least 1");
		}
	}

	/** The kernel counts whole seconds. */
	int idleSeconds() {
		return (int) Math.min(Integer.MAX_VALUE, idle.toSeconds());
	}

	int intervalSeconds() {
		return (int) Math.min(Integer.MAX_VALUE, interval.toSeconds());
	}

	/** The form {@link KeepaliveSocketFactory} is given through pgjdbc's {@code socketFactoryArg}. */
	String socketFactoryArg() {
		return idleSeconds() + "," + intervalSeconds() + "," + this.count;
	}

	static TcpKeepalive parse(String socketFactoryArg) {
		String[] parts = socketFactoryArg.split(",");
		if (parts.length != 3) {
			throw new IllegalArgumentException("expected idle,interval,count in seconds: " + socketFactoryArg);
		}
		return new TcpKeepalive(Duration.ofSeconds(Long.parseLong(parts[0].trim())),
				Duration.ofSeconds(Long.parseLong(parts[1].trim())), Integer.parseInt(parts[2].trim()));
	}

}
