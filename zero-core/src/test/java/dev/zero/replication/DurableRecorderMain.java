package dev.zero.replication;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.shard.ShardId;
import dev.zero.upstream.Upstream;

/**
 * Runs a replication worker in a JVM of its own, to be killed with {@code kill -9}: a durable
 * listener appends the ids of each transaction's inserts to a file before it returns from
 * {@code onCommit}, so the file holds exactly what was handled, duplicates included.
 * Arguments: url user password appId (also the slot's name) publication file.
 */
public final class DurableRecorderMain {

	private DurableRecorderMain() {
	}

	public static void main(String[] args) throws Exception {
		Upstream upstream = Upstream.of(args[0], args[1], args[2], "zero/test-recorder");
		try (OutputStream file = new FileOutputStream(args[5], true)) {
			ChangeListener listener = new ChangeListener() {

				private final List<Long> ids = new ArrayList<>();

				@Override
				public void onChange(Change change) {
					this.ids.add(((Insert) change).row().getLong("id"));
				}

				@Override
				public void onCommit(Commit commit) throws IOException {
					StringBuilder lines = new StringBuilder();
					this.ids.forEach((id) -> lines.append(id).append('\n'));
					file.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
					file.flush();
					this.ids.clear();
				}

			};
			// a long status interval: only prompt acknowledgements keep the redelivery short
			ReplicationWorker worker = new ReplicationWorker(upstream, new ShardId(args[3], 0),
					new ReplicationSettings(args[3], Duration.ofSeconds(10), false, Duration.ofSeconds(5)),
					() -> List.of(listener), ReplicationMetrics.NONE);
			worker.start(List.of(args[4]));
			System.out.println("started");
			new CountDownLatch(1).await();
		}
	}

}
