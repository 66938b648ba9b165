package dev.zero.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.zero.autoconfigure.observation.ZeroObservations;
import dev.zero.change.Lsn;

/**
 * Compares the replication listener with PostgreSQL's {@code pg_recvlogical}: first draining
 * the same backlog from twin slots, alternating the two contenders so that neither gets a
 * warmer cache or a quieter machine, then the delivery latency of ours under a steady write
 * rate. Run it with {@code java -jar benchmarks/target/benchmarks.jar}; the last line is the
 * drain ratio, our median time over theirs.
 */
public final class ReplicationBenchmark {

	/** The low rate latency is measured at too, where a polling loop would show its pause. */
	private static final int LOW_RATE = 20;

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(30);

	private ReplicationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.parse(args);
		List<String> results = new ArrayList<>();
		try (BenchmarkDatabase database = BenchmarkDatabase.start()) {
			Runtime runtime = Runtime.getRuntime();
			print("machine: %d cores, %,d MB max heap, Java %s (%s), load average %s", runtime.availableProcessors(),
					runtime.maxMemory() >> 20, System.getProperty("java.version"), System.getProperty("java.vm.name"),
					loadAverage());
			if (settings.benchmark() == BenchmarkSettings.Benchmark.INITIAL_SYNC) {
				results.add(new InitialSyncBenchmark(database, settings).run());
			}
			else {
				drainAndLatency(database, settings, results);
			}
		}
		// After the server has stopped, so that nothing can print after them.
		results.forEach(System.out::println);
	}

	/**
	 * The drains (ours, pg_recvlogical's, ours exactly-once, ours into Kafka) and the live
	 * latency; adds the result lines to {@code results}.
	 */
	private static void drainAndLatency(BenchmarkDatabase database, BenchmarkSettings settings, List<String> results)
			throws Exception {
		boolean full = settings.kafka() != BenchmarkSettings.KafkaDrain.ONLY;
		boolean intoKafka = settings.kafka() != BenchmarkSettings.KafkaDrain.OFF;
		// the exactly-once drain, the live latency and the idle cost
		boolean rest = full && !settings.drainOnly();
		String ratio = null;
		List<String> kafkaLines = new ArrayList<>();
		try (InProcessKafka kafka = intoKafka ? InProcessKafka.start() : null) {
			PgRecvlogicalDrain theirs = full ? new PgRecvlogicalDrain(database, settings.tool()) : null;
			ZeroObservations observations = BenchmarkObservations.of(settings.observations());
			ZeroDrain ours = new ZeroDrain(database, observations);
			ZeroTransactionalDrain exactlyOnce = new ZeroTransactionalDrain(database, observations);
			ZeroKafkaDrain kafkaDrain = intoKafka ? new ZeroKafkaDrain(database, kafka) : null;
			print("server: PostgreSQL %s on loopback; theirs: %s%s", database.version(),
					full ? theirs.version() : "not run", intoKafka ? "; Kafka broker in this JVM" : "");
			if (settings.observations()) {
				print("observations: on (zero.listener and zero.target, a timer each, no tracer)");
			}

			List<String> ourSlots = new ArrayList<>();
			List<String> theirSlots = new ArrayList<>();
			List<String> exactlyOnceSlots = new ArrayList<>();
			List<String> kafkaSlots = new ArrayList<>();
			for (int round = 1; round <= settings.rounds(); round++) {
				ourSlots.add("zero_drain_" + round);
				if (full) {
					theirSlots.add("pg_recvlogical_drain_" + round);
				}
				if (rest) {
					exactlyOnceSlots.add("zero_tx_drain_" + round);
				}
				if (intoKafka) {
					kafkaSlots.add("zero_kafka_drain_" + round);
				}
			}
			Backlog backlog = writeBacklog(database, settings, ourSlots, theirSlots, exactlyOnce, exactlyOnceSlots,
					kafkaDrain, kafkaSlots);
			Lsn end = backlog.end();

			ProcessHandle postmaster = database.postmaster();
			List<DrainResult> ourResults = new ArrayList<>();
			List<DrainResult> theirResults = new ArrayList<>();
			List<DrainResult> exactlyOnceResults = new ArrayList<>();
			List<DrainResult> kafkaResults = new ArrayList<>();
			for (int round = 1; round <= settings.rounds(); round++) {
				int current = round;
				DrainResult result = measure(postmaster,
						() -> ours.run(current, ourSlots.get(current - 1), end, settings.backlogChanges()));
				check(database, ourSlots.get(round - 1), end);
				ourResults.add(result);
				print("%s", result);
				if (full) {
					result = measure(postmaster,
							() -> theirs.run(current, theirSlots.get(current - 1), end, settings.backlogChanges()));
					check(database, theirSlots.get(round - 1), end);
					theirResults.add(result);
					print("%s", result);
				}
				if (rest) {
					result = measure(postmaster, () -> exactlyOnce.run(current, exactlyOnceSlots.get(current - 1), end,
							settings.backlogChanges()));
					check(database, exactlyOnceSlots.get(round - 1), end);
					exactlyOnceResults.add(result);
					print("%s", result);
				}
				if (intoKafka) {
					result = measure(postmaster, () -> kafkaDrain.run(current, kafkaSlots.get(current - 1), end,
							settings.backlogChanges()));
					check(database, kafkaSlots.get(round - 1), end);
					kafkaResults.add(result);
					print("%s", result);
				}
			}
			Duration ourMedian = DrainResult.median(ourResults);
			print("median  %-17s %7.3f s  %,10.0f changes/s", "zero", DrainResult.seconds(ourMedian),
					settings.backlogChanges() / DrainResult.seconds(ourMedian));
			String transactionalRatio = null;
			if (full) {
				Duration theirMedian = DrainResult.median(theirResults);
				print("median  %-17s %7.3f s  %,10.0f changes/s", "pg_recvlogical", DrainResult.seconds(theirMedian),
						settings.backlogChanges() / DrainResult.seconds(theirMedian));
				ratio = String.format(Locale.ROOT, "drain ratio vs pg_recvlogical: %.2f",
						ourMedian.toNanos() / (double) theirMedian.toNanos());
			}
			if (rest) {
				Duration exactlyOnceMedian = DrainResult.median(exactlyOnceResults);
				print("median  %-17s %7.3f s  %,10.0f changes/s", "zero exactly-once",
						DrainResult.seconds(exactlyOnceMedian),
						settings.backlogChanges() / DrainResult.seconds(exactlyOnceMedian));
				transactionalRatio = String.format(Locale.ROOT, "transactional drain ratio vs plain: %.2f",
						ourMedian.toNanos() / (double) exactlyOnceMedian.toNanos());
			}
			if (intoKafka) {
				Duration kafkaMedian = DrainResult.median(kafkaResults);
				print("median  %-17s %7.3f s  %,10.0f changes/s", "zero kafka", DrainResult.seconds(kafkaMedian),
						settings.backlogChanges() / DrainResult.seconds(kafkaMedian));
				kafkaLines.add(String.format(Locale.ROOT, "kafka drain: %.0f changes/s",
						settings.backlogChanges() / DrainResult.seconds(kafkaMedian)));
				kafkaLines.add(String.format(Locale.ROOT, "kafka drain ratio vs plain: %.2f",
						ourMedian.toNanos() / (double) kafkaMedian.toNanos()));
			}
			for (List<String> slots : List.of(ourSlots, exactlyOnceSlots, theirSlots, kafkaSlots)) {
				for (String slot : slots) {
					database.dropSlot(slot);
				}
			}

			if (rest) {
				long nextId = backlog.nextId();
				for (int rate : new int[] { settings.liveRate(), LOW_RATE }) {
					print("live: single-row transactions at %,d tx/s, %d s warm-up, %d s measured", rate,
							settings.liveWarmup().toSeconds(), settings.liveMeasured().toSeconds());
					print("%s", new LiveLatency(database, settings, rate).run(nextId));
					// far past what the run above can have used
					nextId += 100_000_000L;
				}
				print("%s", new IdleCost(database).run(IDLE_WINDOW));
				print("%s", transactionalRatio);
			}
		}
		results.addAll(kafkaLines);
		if (ratio != null) {
			results.add(ratio);
		}
	}

	/**
	 * Creates the table and the slots, then writes the backlog: the slots must exist first, or
	 * they would start after it.
	 */
	private static Backlog writeBacklog(BenchmarkDatabase database, BenchmarkSettings settings, List<String> ourSlots,
			List<String> theirSlots, ZeroTransactionalDrain exactlyOnce, List<String> exactlyOnceSlots,
			ZeroKafkaDrain kafka, List<String> kafkaSlots) throws Exception {
		try (Connection connection = database.connect()) {
			BenchmarkTable.create(connection);
			ZeroTransactionalDrain.createProgressTable(connection);
			for (String slot : ourSlots) {
				ZeroShards.prepare(database, slot);
			}
			for (String slot : exactlyOnceSlots) {
				exactlyOnce.prepare(slot);
			}
			for (String slot : theirSlots) {
				database.createSlot(slot);
			}
			for (String slot : kafkaSlots) {
				kafka.prepare(slot);
			}
			Lsn start = BenchmarkDatabase.currentWalLsn(connection);
			long filling = System.nanoTime();
			long nextId = BenchmarkTable.fill(connection, settings.transactions(), settings.rowsPerTransaction());
			// The same session, right after the last commit: nothing else writes WAL meanwhile.
			Lsn end = BenchmarkDatabase.currentWalLsn(connection);
			print("backlog: %,d transactions of %,d rows (%,d changes, %,d MB of WAL) written in %.1f s; "
					+ "end position %s", settings.transactions(), settings.rowsPerTransaction(),
					settings.backlogChanges(), database.walBytes(start, end) >> 20, (System.nanoTime() - filling) / 1e9,
					end);
			return new Backlog(end, nextId);
		}
	}

	/**
	 * Runs a drain and adds the CPU time its client and the server used: ours runs in this
	 * JVM, theirs in a child process.
	 */
	static DrainResult measure(ProcessHandle postmaster, Drain drain) throws Exception {
		if (!CpuTimes.available()) {
			return drain.run();
		}
		Set<Long> baseline = CpuTimes.pids(postmaster);
		CpuTimes before = CpuTimes.now(postmaster);
		DrainResult result = drain.run();
		CpuTimes.awaitServerProcesses(postmaster, baseline);
		CpuTimes used = CpuTimes.now(postmaster).since(before);
		Duration client = result.contender().startsWith("zero") ? used.jvm() : used.reapedChildren();
		// This JVM and pg_recvlogical are the benchmark's, whichever of them is the contender.
		Duration other = used.machine().minus(used.jvm()).minus(used.reapedChildren()).minus(used.server());
		return result.withCpu(client, used.server(), other.isNegative() ? Duration.ZERO : other);
	}

	/** Both contenders must have confirmed the whole backlog, or their times mean nothing. */
	private static void check(BenchmarkDatabase database, String slot, Lsn end) throws Exception {
		Lsn confirmed = database.confirmedFlush(slot);
		if (confirmed.compareTo(end) < 0) {
			throw new IllegalStateException("slot " + slot + " confirmed only " + confirmed + " of " + end);
		}
	}

	private static String loadAverage() {
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return (load >= 0) ? String.format(Locale.ROOT, "%.2f", load) : "unknown";
	}

	/**
	 * The backlog the drains read.
	 *
	 * @param end the WAL position just past its last commit
	 * @param nextId the first key it did not use
	 */
	private record Backlog(Lsn end, long nextId) {

	}

	@FunctionalInterface
	interface Drain {

		DrainResult run() throws Exception;

	}

	static void print(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
