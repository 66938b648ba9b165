package dev.zero.upstream;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.sql.Connection;
import java.time.Duration;

import javax.net.SocketFactory;

import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutorBase;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sockets to the upstream carry the configured TCP keepalive, read back from real sockets
 * connected to a real server.
 */
class KeepaliveSocketFactoryTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private static final TcpKeepalive KEEPALIVE = new TcpKeepalive(Duration.ofSeconds(7), Duration.ofSeconds(3), 4);

	@Test
	void setsKeepaliveOnTheSocketsItMakes() throws Exception {
		TestDatabase database = postgres.database();
		KeepaliveSocketFactory factory = new KeepaliveSocketFactory(KEEPALIVE.socketFactoryArg());
		try (Socket socket = factory.createSocket()) {
			socket.connect(new InetSocketAddress(database.host(), database.port()), 5000);
			assertKeepalive(socket);
		}
		try (Socket socket = factory.createSocket(database.host(), database.port())) {
			assertKeepalive(socket);
		}
	}

	@Test
	void everyKindOfUpstreamConnectionHasTheKeepalive() throws Exception {
		TestDatabase database = postgres.database();
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test")
			.withTcpKeepalive(KEEPALIVE);
		try (Connection checks = upstream.connect();
				Connection copies = upstream.connectForCopy();
				Connection streaming = upstream.connectForStreaming()) {
			for (Connection connection : new Connection[] { checks, copies, streaming }) {
				assertKeepalive(socketOf(connection));
			}
			assertThat(socketOf(streaming)).isInstanceOf(ReplicationStreamSocket.class);
			assertThat(socketOf(checks)).isNotInstanceOf(ReplicationStreamSocket.class);
			assertThat(socketOf(copies)).isNotInstanceOf(ReplicationStreamSocket.class);
		}
	}

	@Test
	void aStreamArgumentMakesReplicationStreamSockets() throws Exception {
		TestDatabase database = postgres.database();
		KeepaliveSocketFactory factory = new KeepaliveSocketFactory(KeepaliveSocketFactory.streamArg(KEEPALIVE));
		try (Socket socket = factory.createSocket(database.host(), database.port())) {
			assertThat(socket).isInstanceOf(ReplicationStreamSocket.class);
			assertKeepalive(socket);
		}
	}

	@Test
	void keepaliveIsOnByDefault() throws Exception {
		TestDatabase database = postgres.database();
		Upstream upstream = Upstream.of(database.jdbcUrl(), database.username(), database.password(), "zero/test");
		try (Connection connection = upstream.connect()) {
			Socket socket = socketOf(connection);
			assertThat(socket.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
			assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
			assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(10);
			assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
		}
	}

	@Test
	void aSocketFactoryTheUrlNamesIsLeftInPlace() throws Exception {
		TestDatabase database = postgres.database();
		String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
				+ "socketFactory=" + PlainSocketFactory.class.getName();
		try (Connection connection = Upstream.of(url, database.username(), database.password(), "zero/test")
			.withTcpKeepalive(KEEPALIVE)
			.connect()) {
			assertThat(socketOf(connection).getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isNotEqualTo(7);
		}
	}

	private static void assertKeepalive(Socket socket) throws Exception {
		assertThat(socket.isConnected()).isTrue();
		assertThat(socket.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
		assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(7);
		assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(3);
		assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(4);
	}

	/** A socket factory of the application's own, named by the URL. */
	public static final class PlainSocketFactory extends SocketFactory {

		private final SocketFactory plain = SocketFactory.getDefault();

		@Override
		public Socket createSocket() throws IOException {
			return this.plain.createSocket();
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return this.plain.createSocket(host, port);
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return this.plain.createSocket(host, port, localHost, localPort);
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return this.plain.createSocket(host, port);
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return this.plain.createSocket(address, port, localAddress, localPort);
		}

	}

	/** The driver's socket of {@code connection}: pgjdbc does not expose it. */
	private static Socket socketOf(Connection connection) throws Exception {
		Object executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
		Field stream = QueryExecutorBase.class.getDeclaredField("pgStream");
		stream.setAccessible(true);
		return ((PGStream) stream.get(executor)).getSocket();
	}

}
