package dev.zero.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A TCP proxy in front of a real server that can kill flows the way a broken NAT or firewall
 * does: a cut flow stops forwarding in both directions and stops reading, without closing
 * (no FIN, no RST), so that both ends see a connection that is open and silent. The sockets
 * stay open until the proxy is closed; connections made after a cut work normally.
 */
final class SilentProxy implements AutoCloseable {

	/** One client connection and its connection to the server. */
	static final class Flow {

		private final Socket client;

		private final Socket server;

		private volatile boolean cut;

		Flow(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		/** The port the server sees this flow come from ({@code client_port} on the server). */
		int serverSidePort() {
			return this.server.getLocalPort();
		}

		boolean isCut() {
			return this.cut;
		}

	}

	private final ServerSocket listening;

	private final InetSocketAddress target;

	private final List<Flow> flows = new CopyOnWriteArrayList<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	SilentProxy(String host, int port) throws IOException {
		this.target = new InetSocketAddress(host, port);
		this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread accepting = new Thread(this::accept, "silent-proxy-accept");
		accepting.setDaemon(true);
		accepting.start();
	}

	int port() {
		return this.listening.getLocalPort();
	}

	/** Cuts the open flows {@code which} selects; returns how many. */
	int cut(Predicate<Flow> which) {
		int count = 0;
		for (Flow flow : this.flows) {
			if (!flow.cut && which.test(flow)) {
				flow.cut = true;
				count++;
			}
		}
		return count;
	}

	/** Cuts the flow the server sees coming from {@code serverSidePort}. */
	int cut(int serverSidePort) {
		return cut((flow) -> flow.serverSidePort() == serverSidePort);
	}

	/** Cuts every open flow. */
	int cutAll() {
		return cut((flow) -> true);
	}

	@Override
	public void close() throws IOException {
		this.closed.countDown();
		this.listening.close();
		for (Flow flow : this.flows) {
			closeQuietly(flow.client);
			closeQuietly(flow.server);
		}
	}

	private void accept() {
		while (!this.listening.isClosed()) {
			try {
				Socket client = this.listening.accept();
				Socket server = new Socket();
				try {
					server.connect(this.target, 5000);
				}
				catch (IOException ex) {
					closeQuietly(client);
					closeQuietly(server);
					continue;
				}
				Flow flow = new Flow(client, server);
				this.flows.add(flow);
				pump(flow, client, server, "up");
				pump(flow, server, client, "down");
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Flow flow, Socket from, Socket to, String direction) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				while (!flow.cut) {
					int read = in.read(buffer);
					if (read < 0 || flow.cut) {
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// an end closed it (not a cut flow): pass that on below
			}
			if (flow.cut) {
				// silent: neither read nor closed until the test ends
				awaitClose();
			}
			else {
				closeQuietly(flow.client);
				closeQuietly(flow.server);
			}
		}, "silent-proxy-" + direction);
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitClose() {
		try {
			this.closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
