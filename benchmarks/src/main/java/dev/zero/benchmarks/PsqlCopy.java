package dev.zero.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Theirs, for the initial sync: {@code psql}'s {@code \copy} of the whole table into
 * {@code /dev/null}, one connection, text format. It parses nothing on the client, so it shows
 * what one connection's {@code COPY} costs the server: the time a one-connection copy cannot
 * beat.
 */
final class PsqlCopy {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private final Path executable;

	PsqlCopy(BenchmarkDatabase database, Path executable) {
		this.database = database;
		this.executable = executable;
	}

	String version() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(this.executable.toString(), "--version").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		process.waitFor();
		return output;
	}

	DrainResult run(int round, long rows) throws IOException, InterruptedException {
		Path log = Files.createTempFile("psql-", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(List.of(this.executable.toString(), "-X", "-d",
					this.database.libpqConnectionString(), "-c",
					"\\copy (SELECT * FROM " + BenchmarkTable.NAME + ") TO '/dev/null'"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("PGPASSWORD", this.database.password());
			long start = System.nanoTime();
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("psql did not copy the table within " + TIMEOUT);
			}
			long elapsed = System.nanoTime() - start;
			String output = Files.readString(log).strip();
			if (process.exitValue() != 0 || !output.equals("COPY " + rows)) {
				throw new IllegalStateException("psql exited with " + process.exitValue() + " after copying "
						+ rows + " rows:\n" + output);
			}
			return new DrainResult("sync", "psql \\copy", round, rows, Duration.ofNanos(elapsed));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

}
