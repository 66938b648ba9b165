package dev.zero.replication;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.upstream.Upstream;

/**
 * Runs a replication worker in a JVM of its own (started by a test with a small heap) and
 * counts the changes of one transaction, reading every column of each row.
 * Arguments: url user password slot publication expectedChanges.
 */
public final class CountingMain {

	private CountingMain() {
	}

	public static void main(String[] args) throws Exception {
		Upstream upstream = Upstream.of(args[0], args[1], args[2], "zero/test-counter");
		long expected = Long.parseLong(args[5]);
		AtomicLong changes = new AtomicLong();
		AtomicLong checksum = new AtomicLong();
		CountDownLatch done = new CountDownLatch(1);
		ChangeListener listener = new ChangeListener() {

			@Override
			public void onChange(Change change) {
				Insert insert = (Insert) change;
				checksum.addAndGet(insert.row().getLong("id") + insert.row().getString("payload").length());
				changes.incrementAndGet();
			}

			@Override
			public void onCommit(Commit commit) {
				if (changes.get() >= expected) {
					done.countDown();
				}
			}

		};
		ReplicationWorker worker = new ReplicationWorker(upstream,
				new ReplicationSettings(args[3], Duration.ofSeconds(1), false, Duration.ofSeconds(5)),
				() -> List.of(listener), ReplicationMetrics.NONE);
		worker.start(List.of(args[4]));
		boolean finished = done.await(5, TimeUnit.MINUTES);
		worker.stop();
		Runtime runtime = Runtime.getRuntime();
		System.out.println("received " + changes.get() + " changes, checksum " + checksum.get() + ", max heap "
				+ runtime.maxMemory() / (1024 * 1024) + " MB, state " + worker.status().state());
		System.exit(finished ? 0 : 2);
	}

}
