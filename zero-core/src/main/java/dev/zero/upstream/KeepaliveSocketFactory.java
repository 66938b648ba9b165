package dev.zero.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

import javax.net.SocketFactory;

import jdk.net.ExtendedSocketOptions;

/**
 * The sockets pgjdbc opens to the upstream ({@code socketFactory}), with TCP keepalive on and
 * timed by {@link TcpKeepalive} (given as {@code socketFactoryArg}); a replication stream's
 * connection gets a {@link ReplicationStreamSocket} (the argument ends with {@code ,stream}).
 * Options the platform does not support are left at the kernel's defaults. It never sees
 * credentials: pgjdbc hands it only the argument string.
 */
public final class KeepaliveSocketFactory extends SocketFactory {

	private static final String STREAM = ",stream";

	private final TcpKeepalive keepalive;

	private final boolean stream;

	/** Called by pgjdbc with the {@code socketFactoryArg} connection property. */
	public KeepaliveSocketFactory(String socketFactoryArg) {
		this(TcpKeepalive.parse(socketFactoryArg.endsWith(STREAM)
				? socketFactoryArg.substring(0, socketFactoryArg.length() - STREAM.length()) : socketFactoryArg),
				socketFactoryArg.endsWith(STREAM));
	}

	KeepaliveSocketFactory(TcpKeepalive keepalive) {
		this(keepalive, false);
	}

	private KeepaliveSocketFactory(TcpKeepalive keepalive, boolean stream) {
		this.keepalive = keepalive;
		this.stream = stream;
	}

	/** The {@code socketFactoryArg} of a replication stream's connection. */
	static String streamArg(TcpKeepalive keepalive) {
		return keepalive.socketFactoryArg() + STREAM;
	}

	@Override
	public Socket createSocket() throws IOException {
		Socket socket = this.stream ? new ReplicationStreamSocket() : new Socket();
		apply(socket);
		return socket;
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		Socket socket = createSocket();
		socket.bind(new InetSocketAddress(localHost, localPort));
		socket.connect(new InetSocketAddress(host, port));
		return socket;
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		Socket socket = createSocket();
		socket.bind(new InetSocketAddress(localAddress, localPort));
		socket.connect(new InetSocketAddress(address, port));
		return socket;
	}

	private Socket connected(InetSocketAddress address) throws IOException {
		Socket socket = createSocket();
		socket.connect(address);
		return socket;
	}

	private void apply(Socket socket) throws IOException {
		socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
		setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPIDLE, this.keepalive.idleSeconds());
		setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, this.keepalive.intervalSeconds());
		setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, this.keepalive.count());
	}

	private static void setIfSupported(Socket socket, SocketOption<Integer> option, int value) throws IOException {
		if (socket.supportedOptions().contains(option)) {
			socket.setOption(option, value);
		}
	}

}
