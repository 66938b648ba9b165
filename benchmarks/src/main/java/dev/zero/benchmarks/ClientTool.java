package dev.zero.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL client tool the benchmarks compare with ({@code pg_recvlogical}, {@code psql}),
 * run as a child process against the benchmark database: its version, and timed runs from
 * process start to exit.
 */
final class ClientTool {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final BenchmarkDatabase database;

	private final Path executable;

	ClientTool(BenchmarkDatabase database, Path executable) {
		this.database = database;
		this.executable = executable;
	}

	String version() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(this.executable.toString(), "--version").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		process.waitFor();
		return output;
	}

	/**
	 * Runs the tool connected to the benchmark database (the password in {@code PGPASSWORD});
	 * fails unless it exits with 0 within ten minutes.
	 * @param arguments the arguments after the connection's
	 * @return how long it ran and what it printed
	 */
	Run run(List<String> arguments) throws IOException, InterruptedException {
		String name = this.executable.getFileName().toString();
		Path log = Files.createTempFile(name + "-", ".log");
		try {
			List<String> command = new ArrayList<>(
					List.of(this.executable.toString(), "-d", this.database.libpqConnectionString()));
			command.addAll(arguments);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().put("PGPASSWORD", this.database.password());
			long start = System.nanoTime();
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(name + " did not finish within " + TIMEOUT);
			}
			long elapsed = System.nanoTime() - start;
			String output = Files.readString(log).strip();
			if (process.exitValue() != 0) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output);
			}
			return new Run(Duration.ofNanos(elapsed), output);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/**
	 * One run of the tool.
	 *
	 * @param elapsed from process start to exit
	 * @param output what it printed
	 */
	record Run(Duration elapsed, String output) {

	}

}
