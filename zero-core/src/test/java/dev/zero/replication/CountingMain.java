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
import dev.zero.change.SyncComplete;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Runs a replication worker in a JVM of its own (started by a test with a small heap) and
 * counts changes, reading every column of each row: the streamed changes of one transaction,
 * or (mode {@code snapshot}) the rows of an initial sync.
 * Arguments: url user password appId (also the slot's name) publication expectedChanges
 * [snapshot].
 */
public final class CountingMain {

	private CountingMain() {
	}

	public static void main(String[] args) throws Exception {
		Upstream upstream = Upstream.of(args[0], args[1], args[2], "zero/test-counter");
		long expected = Long.parseLong(args[5]);
		boolean snapshot = args.length > 6 && "snapshot".equals(args[6]);
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
				if (!snapshot && changes.get() >= expected) {
					done.countDown();
				}
			}

			@Override
			public void onSyncComplete(SyncComplete complete) {
				if (snapshot && changes.get() >= expected) {
					done.countDown();
				}
			}

		};
		ReplicationWorker worker = new ReplicationWorker(upstream, new ShardId(args[3], 0),
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
