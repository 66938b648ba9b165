package dev.zero.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own on the test classpath, its output appended to a log
 * file: what the crash tests kill with {@code kill -9} to see what survives. Several JVMs may
 * share one log; its tail is the evidence a failure message carries.
 */
public final class ForkedJvm {

	private final Process process;

	private final Path log;

	private ForkedJvm(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code main} with {@code arguments} in a JVM of at most {@code heapMegabytes} of
	 * heap, its standard output and error appended to {@code log}, its standard input closed.
	 */
	public static ForkedJvm start(Class<?> main, int heapMegabytes, Path log, String... arguments)
			throws IOException {
		return start(main, heapMegabytes, List.of(), log, arguments);
	}

	/**
	 * Starts {@code main} as {@link #start(Class, int, Path, String...)} does, with
	 * {@code jvmOptions} (such as {@code -Dspring.aot.enabled=true}) before the main class.
	 */
	public static ForkedJvm start(Class<?> main, int heapMegabytes, List<String> jvmOptions, Path log,
			String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + heapMegabytes + "m", "-cp", System.getProperty("java.class.path")));
		command.addAll(jvmOptions);
		command.add(main.getName());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		process.getOutputStream().close();
		return new ForkedJvm(process, log);
	}

	/** {@code kill -9}, and waits (up to 30 seconds) for the JVM to be gone. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * Asks the JVM to exit (SIGTERM, so its shutdown hooks run: an application context closes
	 * and stops what it started), and waits up to 30 seconds before {@link #kill() killing} it.
	 */
	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			kill();
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The log so far, empty when nothing has been written yet. */
	public String log() throws IOException {
		// read while the JVM writes it: a character cut in half is replaced, not an error
		return Files.exists(this.log) ? new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8) : "";
	}

	/** The last {@code lines} lines of the log, for a failure message. */
	public String logTail(int lines) throws IOException {
		List<String> log = log().lines().toList();
		return String.join("\n", log.subList(Math.max(0, log.size() - lines), log.size()));
	}

}
