package dev.zero.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The socket a replication stream is read through. While the stream is busy (the walsender sends
 * message after message a few microseconds apart, as it does while it replays a transaction), a
 * read that finds nothing received watches the socket for up to {@link #SPIN} before it blocks.
 * A reader asleep in the kernel has to be woken by the walsender for the next message, and that
 * wake-up costs the walsender, the process that limits a drain, several microseconds on a virtual
 * machine: more than the message itself costs us to read. A stream whose last wait was longer
 * than that (an idle stream, a trickle of transactions) blocks at once, so it spins only while
 * messages follow each other closely. What is read, and when a read returns, are unchanged.
 */
final class ReplicationStreamSocket extends Socket {

	/** How long a read of a busy stream watches for the next message before it blocks. */
	static final Duration SPIN = Duration.ofNanos(20_000);

	private static final long SPIN_NANOS = SPIN.toNanos();

	private @Nullable InputStream input;

	@Override
	public InputStream getInputStream() throws IOException {
		// the socket's own checks (open, connected, input not shut down) first
		InputStream socket = super.getInputStream();
		synchronized (this) {
			if (this.input == null) {
				this.input = new Input(socket);
			}
			return this.input;
		}
	}

	/** Reads the socket; watches it before blocking while the stream is busy. */
	private static final class Input extends FilterInputStream {

		/** Whether the last read that had to wait for data waited about as little as a spin. */
		private boolean busy;

		Input(InputStream socket) {
			super(socket);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0 || this.in.available() > 0) {
				return this.in.read(buffer, offset, length);
			}
			long start = System.nanoTime();
			if (this.busy) {
				do {
					Thread.onSpinWait();
					if (this.in.available() > 0) {
						return this.in.read(buffer, offset, length);
					}
				}
				while (System.nanoTime() - start < SPIN_NANOS);
			}
			int read = this.in.read(buffer, offset, length);
			this.busy = System.nanoTime() - start < 2 * SPIN_NANOS;
			return read;
		}

	}

}
