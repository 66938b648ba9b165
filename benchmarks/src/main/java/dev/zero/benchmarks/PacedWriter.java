package dev.zero.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Commits single-row transactions on a fixed schedule: transaction {@code k} is due
 * {@code k / rate} seconds after the start, whatever happened to the ones before it, so that a
 * slow commit delays neither the rate nor the next transaction. Several connections share the
 * schedule, because one connection's round trips alone would cap the rate on a busy machine.
 */
final class PacedWriter {

	private static final int CONNECTIONS = 4;

	private final BenchmarkDatabase database;

	private final int rate;

	private final long firstId;

	private final AtomicLong tickets = new AtomicLong();

	private final AtomicLong committed = new AtomicLong();

	private final AtomicReference<Exception> failure = new AtomicReference<>();

	PacedWriter(BenchmarkDatabase database, int rate, long firstId) {
		this.database = database;
		this.rate = rate;
		this.firstId = firstId;
	}

	/**
	 * Writes on schedule for {@code nanos} from {@code start} (a {@link System#nanoTime()}) and
	 * returns when every transaction due in that time has committed.
	 * @return how many transactions committed
	 */
	long run(long start, long nanos) throws SQLException, InterruptedException {
		List<Connection> connections = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				Connection connection = this.database.connect();
				connections.add(connection);
				Thread thread = new Thread(() -> write(connection, start, start + nanos), "paced-writer-" + i);
				threads.add(thread);
			}
			threads.forEach(Thread::start);
			for (Thread thread : threads) {
				thread.join();
			}
		}
		finally {
			for (Connection connection : connections) {
				connection.close();
			}
		}
		if (this.failure.get() != null) {
			throw new IllegalStateException("the paced writer failed", this.failure.get());
		}
		return this.committed.get();
	}

	private void write(Connection connection, long start, long stop) {
		try (PreparedStatement insert = connection.prepareStatement(BenchmarkTable.INSERT_ONE)) {
			connection.setAutoCommit(true);
			while (this.failure.get() == null) {
				long ticket = this.tickets.getAndIncrement();
				long due = start + ticket * 1_000_000_000L / this.rate;
				if (due - stop >= 0) {
					return;
				}
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				long id = this.firstId + ticket;
				insert.setLong(1, id);
				insert.setLong(2, id);
				insert.setLong(3, id);
				insert.executeUpdate();
				this.committed.incrementAndGet();
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

}
