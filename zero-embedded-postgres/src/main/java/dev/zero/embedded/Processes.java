package dev.zero.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the short-lived PostgreSQL tools ({@code initdb}, {@code pg_ctl}) and turns a failure
 * into an exception that carries their output.
 */
final class Processes {

	private static final long TIMEOUT_SECONDS = 120;

	private Processes() {
	}

	static String run(List<String> command, Path directory, String what) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new EmbeddedPostgresException(what + " did not finish within " + TIMEOUT_SECONDS + " s");
			}
			String text = new String(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new EmbeddedPostgresException(what + " failed (exit code " + process.exitValue() + "):\n" + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException(what + " could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddedPostgresException(what + " was interrupted", ex);
		}
	}

}
