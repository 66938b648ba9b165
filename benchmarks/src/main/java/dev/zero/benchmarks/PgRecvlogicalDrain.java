package dev.zero.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.zero.change.Lsn;

/**
 * Theirs: PostgreSQL's {@code pg_recvlogical} drains a slot with the same pgoutput options as
 * ours into {@code /dev/null} and exits at the end position. It decodes nothing on the client,
 * so it shows what the server and the protocol cost on their own: the floor for any client.
 */
final class PgRecvlogicalDrain {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private final Path executable;

	PgRecvlogicalDrain(BenchmarkDatabase database, Path executable) {
		this.database = database;
		this.executable = executable;
	}

	String version() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(this.executable.toString(), "--version").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		process.waitFor();
		return output;
	}

	DrainResult run(int round, String slot, Lsn end, long changes) throws IOException, InterruptedException {
		Path log = Files.createTempFile("pg_recvlogical-", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(List.of(this.executable.toString(), "-d",
					this.database.libpqConnectionString(), "--slot", slot, "--start", "-o", "proto_version=1", "-o",
					"publication_names=" + BenchmarkTable.PUBLICATION, "-o", "messages=true", "--endpos=" + end,
					"--no-loop", "-f", "/dev/null"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("PGPASSWORD", this.database.password());
			long start = System.nanoTime();
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("pg_recvlogical did not reach " + end + " within " + TIMEOUT);
			}
			long elapsed = System.nanoTime() - start;
			if (process.exitValue() != 0) {
				throw new IllegalStateException("pg_recvlogical exited with " + process.exitValue() + ":\n"
						+ Files.readString(log));
			}
			return new DrainResult("drain", "pg_recvlogical", round, changes, Duration.ofNanos(elapsed));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

}
