package dev.zero.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What one benchmark run does, from {@code --name=value} arguments. The defaults are the
 * published benchmark; smaller values are for trying changes quickly, and their figures are
 * not comparable with the published ones.
 *
 * @param transactions how many transactions the backlog has
 * @param rowsPerTransaction how many rows each backlog transaction inserts
 * @param rounds how many times each drain runs, alternating ours and theirs
 * @param liveRate the transactions per second the live writer commits
 * @param liveWarmup how long the live writer runs before latencies count
 * @param liveMeasured how long latencies count
 * @param pgRecvlogical the {@code pg_recvlogical} executable, {@code null} when only the Kafka
 * drain runs
 * @param kafka whether the drain into Kafka runs: {@code off}, {@code on} (with the others) or
 * {@code only} (with our plain drain, to compare with)
 */
record BenchmarkSettings(int transactions, int rowsPerTransaction, int rounds, int liveRate, Duration liveWarmup,
		Duration liveMeasured, Path pgRecvlogical, KafkaDrain kafka) {

	/** Whether and how the drain into Kafka runs. */
	enum KafkaDrain {

		OFF, ON, ONLY

	}

	private static final Path DEBIAN_CLIENT_TOOLS = Path.of("/usr/lib/postgresql");

	static BenchmarkSettings parse(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': use --name=value, for example "
						+ "--transactions=100 --rounds=1 --pg-recvlogical=/usr/bin/pg_recvlogical --kafka=only");
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		KafkaDrain kafka = KafkaDrain.valueOf(values.getOrDefault("kafka", "off").toUpperCase(java.util.Locale.ROOT));
		values.remove("kafka");
		BenchmarkSettings settings = new BenchmarkSettings(integer(values, "transactions", 1000),
				integer(values, "rows-per-transaction", 1000), integer(values, "rounds", 3),
				integer(values, "live-rate", 2000), Duration.ofSeconds(integer(values, "live-warmup-seconds", 5)),
				Duration.ofSeconds(integer(values, "live-seconds", 10)),
				values.containsKey("pg-recvlogical") ? Path.of(values.remove("pg-recvlogical"))
						: (kafka == KafkaDrain.ONLY) ? null : findPgRecvlogical(),
				kafka);
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown arguments " + values.keySet() + "; known: transactions, "
					+ "rows-per-transaction, rounds, live-rate, live-warmup-seconds, live-seconds, pg-recvlogical, kafka");
		}
		return settings;
	}

	long backlogChanges() {
		return (long) this.transactions * this.rowsPerTransaction;
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
	 * The newest Debian client tools, then the PATH: an older pg_recvlogical reads from a newer
	 * server (Debian 12's 15 from our 17), since the logical replication commands it uses have
	 * not changed.
	 */
	private static Path findPgRecvlogical() {
		if (Files.isDirectory(DEBIAN_CLIENT_TOOLS)) {
			for (int major = 30; major >= 10; major--) {
				Path candidate = DEBIAN_CLIENT_TOOLS.resolve(major + "/bin/pg_recvlogical");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(directory, "pg_recvlogical");
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("pg_recvlogical not found in /usr/lib/postgresql/*/bin or on the PATH: "
				+ "install the PostgreSQL client tools (apt-get install postgresql-client) or pass "
				+ "--pg-recvlogical=/path/to/pg_recvlogical");
	}

}
