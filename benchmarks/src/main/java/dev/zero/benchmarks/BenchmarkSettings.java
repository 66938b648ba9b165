package dev.zero.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one benchmark run does, from {@code --name=value} arguments. The defaults are the
 * published benchmark; smaller values are for trying changes quickly, and their figures are
 * not comparable with the published ones.
 *
 * @param benchmark which benchmark runs
 * @param transactions how many transactions the backlog has
 * @param rowsPerTransaction how many rows each backlog transaction inserts
 * @param rounds how many times each drain runs, alternating ours and theirs
 * @param liveRate the transactions per second the live writer commits
 * @param liveWarmup how long the live writer runs before latencies count
 * @param liveMeasured how long latencies count
 * @param syncRows how many rows the table of the initial-sync benchmark has
 * @param tool the client tool the benchmark compares with: {@code pg_recvlogical} for the
 * drain, {@code psql} for the initial sync; {@code null} when only the Kafka drain runs
 * @param kafka whether the drain into Kafka runs: {@code off}, {@code on} (with the others) or
 * {@code only} (with our plain drain, to compare with)
 * @param drainOnly whether only the plain drains run (ours and {@code pg_recvlogical}'s), without
 * the exactly-once drain, the live latency and the idle cost: for quicker iterations on the drain
 * ratio
 * @param observations whether our drains record a {@code zero.listener} observation per change
 * (and a {@code zero.target} one per target transaction) with a timer each, as an application
 * with actuator and no tracer does
 */
record BenchmarkSettings(Benchmark benchmark, int transactions, int rowsPerTransaction, int rounds, int liveRate,
		Duration liveWarmup, Duration liveMeasured, int syncRows, @Nullable Path tool, KafkaDrain kafka,
		boolean drainOnly, boolean observations) {

	/** Whether and how the drain into Kafka runs. */
	enum KafkaDrain {

		OFF, ON, ONLY

	}

	private static final Path DEBIAN_CLIENT_TOOLS = Path.of("/usr/lib/postgresql");

	private static final String KNOWN = "benchmark, transactions, rows-per-transaction, rounds, live-rate, "
			+ "live-warmup-seconds, live-seconds, pg-recvlogical, sync-rows, psql, kafka, drain-only, observations";

	/** The benchmarks there are, by the name {@code --benchmark} gives. */
	enum Benchmark {

		/** The drain and the live latency, compared with {@code pg_recvlogical}. */
		DRAIN("drain", "pg_recvlogical"),

		/** The initial sync of a large table, compared with {@code psql}'s {@code \copy}. */
		INITIAL_SYNC("initial-sync", "psql");

		private final String argument;

		private final String tool;

		Benchmark(String argument, String tool) {
			this.argument = argument;
			this.tool = tool;
		}

		static Benchmark of(String argument) {
			for (Benchmark benchmark : values()) {
				if (benchmark.argument.equals(argument)) {
					return benchmark;
				}
			}
			throw new IllegalArgumentException("Unknown --benchmark=" + argument + "; use drain or initial-sync");
		}

	}

	static BenchmarkSettings parse(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': use --name=value, for example "
						+ "--transactions=100 --rounds=1 --pg-recvlogical=/usr/bin/pg_recvlogical");
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		Benchmark benchmark = Benchmark.of(values.getOrDefault("benchmark", "drain"));
		values.remove("benchmark");
		String pgRecvlogical = values.remove("pg-recvlogical");
		String psql = values.remove("psql");
		String tool = (benchmark == Benchmark.DRAIN) ? pgRecvlogical : psql;
		KafkaDrain kafka = KafkaDrain.valueOf(values.getOrDefault("kafka", "off").toUpperCase(Locale.ROOT));
		values.remove("kafka");
		boolean drainOnly = onOff("drain-only", values.remove("drain-only"));
		boolean observations = onOff("observations", values.remove("observations"));
		boolean toolNeeded = benchmark != Benchmark.DRAIN || kafka != KafkaDrain.ONLY;
		BenchmarkSettings settings = new BenchmarkSettings(benchmark, integer(values, "transactions", 1000),
				integer(values, "rows-per-transaction", 1000), integer(values, "rounds", 3),
				integer(values, "live-rate", 2000), Duration.ofSeconds(integer(values, "live-warmup-seconds", 5)),
				Duration.ofSeconds(integer(values, "live-seconds", 10)), integer(values, "sync-rows", 5_000_000),
				(tool != null) ? Path.of(tool) : toolNeeded ? findTool(benchmark.tool) : null, kafka, drainOnly,
				observations);
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown arguments " + values.keySet() + "; known: " + KNOWN);
		}
		return settings;
	}

	long backlogChanges() {
		return (long) this.transactions * this.rowsPerTransaction;
	}

	private static boolean onOff(String name, @Nullable String value) {
		if (value == null || value.equals("off")) {
			return false;
		}
		if (value.equals("on")) {
			return true;
		}
		throw new IllegalArgumentException("--" + name + " must be on or off but is " + value);
	}

	private static int integer(Map<String, String> values, String name, int defaultValue) {
		String value = values.remove(name);
		if (value == null) {
			return defaultValue;
		}
		int number = Integer.parseInt(value);
		if (number < 1) {
			throw new IllegalArgumentException("--" + name + " must be at least 1 but is " + number);
		}
		return number;
	}

	/**
	 * The newest Debian client tools, then the PATH: an older pg_recvlogical or psql works
	 * with a newer server (Debian 12's 15 with our 17), since the logical replication commands
	 * and the COPY protocol they use have not changed.
	 */
	private static Path findTool(String name) {
		if (Files.isDirectory(DEBIAN_CLIENT_TOOLS)) {
			for (int major = 30; major >= 10; major--) {
				Path candidate = DEBIAN_CLIENT_TOOLS.resolve(major + "/bin/" + name);
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String option = name.replace('_', '-');
		throw new IllegalStateException(name + " not found in /usr/lib/postgresql/*/bin or on the PATH: "
				+ "install the PostgreSQL client tools (apt-get install postgresql-client) or pass --" + option
				+ "=/path/to/" + name);
	}

}
