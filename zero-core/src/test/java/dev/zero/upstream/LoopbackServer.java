package dev.zero.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on a free loopback port that is not PostgreSQL: one that accepts connections
 * and never answers (a hung server, a black-holing proxy), or one that answers whatever it is
 * sent with the same bytes and hangs up (an HTTP server, anything else on the wrong port).
 * Closing it closes every connection it accepted.
 */
public final class LoopbackServer implements AutoCloseable {

	private static final String HTTP_RESPONSE = """
			HTTP/1.1 400 Bad Request\r
			Content-Type: text/plain\r
			Content-Length: 11\r
			Connection: close\r
			\r
			Bad Request""";

	private final ServerSocket serverSocket;

	private final byte[] answer;

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final Thread acceptor;

	private LoopbackServer(byte[] answer) throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.answer = answer;
		this.acceptor = new Thread(this::accept, "loopback-server-" + this.serverSocket.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** Accepts connections and never sends a byte. */
	public static LoopbackServer silent() throws IOException {
		return new LoopbackServer(null);
	}

	/** Answers anything with {@code 400 Bad Request}, the way an HTTP server does. */
	public static LoopbackServer http() throws IOException {
		return new LoopbackServer(HTTP_RESPONSE.getBytes(StandardCharsets.US_ASCII));
	}

	/** Answers anything with {@code text}. */
	public static LoopbackServer answering(String text) throws IOException {
		return new LoopbackServer(text.getBytes(StandardCharsets.US_ASCII));
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/** A JDBC URL that points here. */
	public String jdbcUrl(String query) {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/app" + ((query != null) ? "?" + query : "");
	}

	/** How many connections were accepted so far. */
	public int accepted() {
		return this.accepted.get();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.serverSocket.close();
		this.acceptor.join(5_000);
		for (Socket socket : this.held) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				this.accepted.incrementAndGet();
				if (this.answer == null) {
					this.held.add(socket);
				}
				else {
					answer(socket);
				}
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void answer(Socket socket) throws IOException {
		try (socket) {
			socket.setSoTimeout(5_000);
			socket.getInputStream().read(new byte[512]);
			OutputStream out = socket.getOutputStream();
			out.write(this.answer);
			out.flush();
		}
	}

}
