package dev.zero.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A replication stream's socket reads what was sent, in order, whether it arrives in a burst
 * or after a pause; a read with nothing to read blocks rather than spins, and fails when the
 * socket is closed under it. Over a loopback connection.
 */
class ReplicationStreamSocketTests {

	private ServerSocket server;

	private Socket sender;

	private ReplicationStreamSocket socket;

	@BeforeEach
	void connect() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.socket = new ReplicationStreamSocket();
		this.socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getLocalPort()), 5000);
		this.sender = this.server.accept();
	}

	@AfterEach
	void close() throws IOException {
		this.socket.close();
		this.sender.close();
		this.server.close();
	}

	@Test
	void readsWhatWasSentInBurstsAndAfterPauses() throws Exception {
		byte[] sent = new byte[200_000];
		for (int i = 0; i < sent.length; i++) {
			sent[i] = (byte) (i * 31);
		}
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
			try {
				OutputStream out = this.sender.getOutputStream();
				for (int offset = 0, chunk = 1; offset < sent.length; offset += chunk, chunk = chunk % 997 + 1) {
					out.write(sent, offset, Math.min(chunk, sent.length - offset));
					out.flush();
					if (offset % 40 == 0) {
						// a pause longer than a spin: the reader blocks, then spins again
						Thread.sleep(1);
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		InputStream in = this.socket.getInputStream();
		byte[] received = new byte[sent.length];
		int total = 0;
		while (total < received.length) {
			int read = in.read(received, total, Math.min(8192, received.length - total));
			assertThat(read).isPositive();
			total += read;
		}
		sending.get(30, TimeUnit.SECONDS);
		assertThat(Arrays.equals(received, sent)).isTrue();
	}

	@Test
	void aReadWithNothingToReadBlocksWithoutSpinning() throws Exception {
		InputStream in = this.socket.getInputStream();
		OutputStream out = this.sender.getOutputStream();
		byte[] buffer = new byte[16];
		// a burst first, bytes a few microseconds apart: the stream is busy when the pause comes
		CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
			try {
				for (int i = 0; i < 2000; i++) {
					out.write(i);
					out.flush();
					long next = System.nanoTime() + 5_000;
					while (System.nanoTime() < next) {
						Thread.onSpinWait();
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		for (int received = 0; received < 2000;) {
			received += in.read(buffer, 0, buffer.length);
		}
		burst.get(30, TimeUnit.SECONDS);
		CompletableFuture.runAsync(() -> {
			try {
				Thread.sleep(500);
				out.write(42);
				out.flush();
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long cpu = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		assertThat(in.read(buffer, 0, buffer.length)).isEqualTo(1);
		assertThat(buffer[0]).isEqualTo((byte) 42);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
		assertThat(Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpu)).isLessThan(Duration.ofMillis(100));
	}

	@Test
	void aReadFailsWhenTheSocketIsClosedUnderIt() throws Exception {
		InputStream in = this.socket.getInputStream();
		Thread reader = Thread.currentThread();
		CompletableFuture.runAsync(() -> {
			// nothing is sent, so once the reader is inside the read it stays there until the close
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> Arrays.stream(reader.getStackTrace())
					.anyMatch((frame) -> frame.getClassName().startsWith(ReplicationStreamSocket.class.getName())
							&& frame.getMethodName().equals("read")));
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> in.read(new byte[16], 0, 16));
	}

	@Test
	void aClosedSocketHasNoInputStream() throws Exception {
		this.socket.getInputStream();
		this.socket.close();
		assertThatExceptionOfType(SocketException.class).isThrownBy(this.socket::getInputStream);
	}

}
